import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { call, createOrganization } from "./support.ts";

const batches = 100;
const perBatch = 1000;
const duplicateShare = 0.1;

it("a burst of 100,000 events with 10% duplicates stores exactly the unique ones", { timeout: 300_000 }, async () => {
  const { apiKey, organization } = await createOrganization("Burst Co");
  const unique: string[] = [];
  const bodies = Array.from({ length: batches }, (_, b) => {
    const events = Array.from({ length: perBatch }, (_, i) => {
      // One in ten repeats an event sent before (in an earlier batch or earlier in this one).
      const repeat = unique.length > 0 && i % Math.round(1 / duplicateShare) === 0;
      const messageId = repeat ? (unique[(b * 7919 + i) % unique.length] ?? "") : `burst-${b}-${i}`;
      if (!repeat) unique.push(messageId);
      return { event: i % 3 === 0 ? "Page Viewed" : "Button Clicked", messageId, anonymousId: `visitor-${i % 50}` };
    });
    return { events };
  });
  let accepted = 0;
  let duplicates = 0;
  for (let start = 0; start < bodies.length; start += 4) {
    const responses = await Promise.all(
      bodies.slice(start, start + 4).map((json) => call("/v1/events", { method: "POST", token: apiKey.key, json })),
    );
    for (const response of responses) {
      expect(response.status).toBe(200);
      const body = await response.json<{ accepted: number; duplicates: number }>();
      accepted += body.accepted;
      duplicates += body.duplicates;
    }
  }
  const [row] = (
    await createDb(env).execute<{ count: number; distinct: number }>(sql`
      select count(*)::int as count, count(distinct message_id)::int as distinct
      from analytics_events where organization_id = ${organization.id}`)
  ).rows;
  expect(unique.length).toBeGreaterThan(89_000);
  expect(row).toEqual({ count: unique.length, distinct: unique.length });
  expect(accepted).toBe(unique.length);
  expect(duplicates).toBe(batches * perBatch - unique.length);
});
