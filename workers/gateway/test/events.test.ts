import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createKey, createOrganization } from "./support.ts";

let ownerKey: string;
let organizationId: string;

beforeAll(async () => {
  const created = await createOrganization("Events Co");
  ownerKey = created.apiKey.key;
  organizationId = created.organization.id;
});

const stored = async (messageIds: string[]) => {
  const result = await createDb(env).execute<{ count: number }>(sql`
    select count(*)::int as count from analytics_events
    where organization_id = ${organizationId} and message_id in (select jsonb_array_elements_text(${JSON.stringify(messageIds)}::jsonb))`);
  return result.rows[0]?.count;
};

const track = (messageId: string, extra: Record<string, unknown> = {}) => ({
  event: "Widget Opened",
  messageId,
  anonymousId: "anon-1",
  properties: { plan: "pro" },
  ...extra,
});

describe("POST /v1/events", () => {
  it("stores the valid events of a batch, lists each rejected one, and stores nothing twice on redelivery", async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const events = [track(ids[0] ?? ""), { messageId: "bad-1" }, track(ids[1] ?? "", { timestamp: "yesterday" })];
    const first = await call("/v1/events", { method: "POST", token: ownerKey, json: { events } });
    expect(first.status).toBe(200);
    const body = await first.json<{
      accepted: number;
      duplicates: number;
      rejected: { index: number; messageId: string; errors: { path: string }[] }[];
    }>();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.messageId, r.errors[0]?.path])).toEqual([
      [1, "bad-1", "event"],
      [2, ids[1], "timestamp"],
    ]);
    const again = await call("/v1/events", {
      method: "POST",
      token: ownerKey,
      json: { events: [track(ids[0] ?? ""), track(ids[0] ?? "")] },
    });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await stored(ids)).toBe(1);
  });

  it("rejects one by one what Postgres would refuse (NUL, lone surrogates, huge numbers, odd times) and stores the rest", async () => {
    const good = [crypto.randomUUID(), crypto.randomUUID()];
    const bad = Array.from({ length: 8 }, () => crypto.randomUUID());
    const nextYear = new Date(Date.now() + 366 * 86_400_000).toISOString();
    const events = [
      JSON.stringify(track(good[0] ?? "")),
      JSON.stringify(track(bad[0] ?? "", { properties: { note: "a\u0000b" } })),
      JSON.stringify(track(bad[1] ?? "", { properties: { "k\u0000": 1 } })),
      JSON.stringify(track(bad[2] ?? "", { anonymousId: "anon\u0000" })),
      JSON.stringify(track(bad[3] ?? "", { timestamp: "1999-12-31T23:59:59Z" })),
      JSON.stringify(track(bad[4] ?? "", { timestamp: nextYear })),
      // A lone surrogate and a number beyond a double, written as raw JSON text.
      `{"event":"Widget Opened","messageId":"${bad[5]}","anonymousId":"a","properties":{"s":"\\ud800"}}`,
      `{"event":"Widget Opened","messageId":"${bad[6]}","anonymousId":"a","properties":{"n":1e400}}`,
      JSON.stringify(track(bad[7] ?? "", { timestamp: "2026-01-01T00:00:00Z", sentAt: "9999-12-31T00:00:00Z" })),
      JSON.stringify(track(good[1] ?? "", { properties: { price: 1e300, emoji: "🚲" } })),
    ];
    const response = await call("/v1/events", {
      method: "POST",
      token: ownerKey,
      headers: { "content-type": "application/json" },
      body: `{"events":[${events.join(",")}]}`,
    });
    expect(response.status).toBe(200);
    const body = await response.json<{
      accepted: number;
      rejected: { index: number; errors: { path: string; message: string }[] }[];
    }>();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.errors[0]?.path])).toEqual([
      [1, "properties.note"],
      [2, "properties.k\\u0000"],
      [3, "anonymousId"],
      [4, "timestamp"],
      [5, "timestamp"],
      [6, "properties.s"],
      [7, "properties.n"],
      [8, "timestamp"],
    ]);
    expect(await stored(good)).toBe(2);
    expect(await stored(bad)).toBe(0);
  });

  it("answers 400 with every event's errors when none is valid, and writes nothing", async () => {
    const response = await call("/v1/events", {
      method: "POST",
      token: ownerKey,
      json: { events: [{ event: "" }, 42] },
    });
    expect(response.status).toBe(400);
    const problem = await response.json<{ type: string; rejected: unknown[] }>();
    expect(problem.type).toMatch(/validation-failed/);
    expect(problem.rejected).toHaveLength(2);
  });

  it("refuses more than 2,500 events, and events over 32 KB one by one", async () => {
    const tooMany = Array.from({ length: 2501 }, (_, i) => ({ event: "x", messageId: `m-${i}` }));
    expect((await call("/v1/events", { method: "POST", token: ownerKey, json: { events: tooMany } })).status).toBe(400);
    const big = track(crypto.randomUUID(), { properties: { blob: "x".repeat(33 * 1024) } });
    const small = track(crypto.randomUUID());
    const response = await call("/v1/events", { method: "POST", token: ownerKey, json: { events: [big, small] } });
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }] });
  });

  it("never links an event to another organization's customer", async () => {
    const other = await createOrganization("Other Events Co");
    const conversation = await call("/v1/conversations", {
      method: "POST",
      token: other.apiKey.key,
      json: { customer: { email: "someone@other.example" } },
    });
    const { conversation: theirs } = await conversation.json<{ conversation: { id: string; customerId: string } }>();
    const messageId = crypto.randomUUID();
    await call("/v1/events", {
      method: "POST",
      token: ownerKey,
      json: { events: [track(messageId, { customerId: theirs.customerId, conversationId: theirs.id })] },
    });
    const result = await createDb(env).execute<{ customer_id: string | null; conversation_id: string | null }>(
      sql`select customer_id, conversation_id from analytics_events where organization_id = ${organizationId} and message_id = ${messageId}`,
    );
    expect(result.rows).toEqual([{ customer_id: null, conversation_id: null }]);
  });

  it("needs the events:write scope", async () => {
    const reader = await createKey(ownerKey, ["analytics:read"]);
    const response = await call("/v1/events", { method: "POST", token: reader.key, json: { events: [track("x")] } });
    expect(response.status).toBe(403);
  });
});

describe("the Segment-compatible surface", () => {
  const basic = (key: string) => ({ authorization: `Basic ${btoa(`${key}:`)}` });

  it("takes a write key over HTTP Basic on /v1/batch and the single-call routes", async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const batch = await call("/v1/batch", {
      method: "POST",
      headers: basic(ownerKey),
      json: {
        batch: [
          { type: "track", event: "Signed Up", userId: "u-1", messageId: ids[0], integrations: {} },
          { type: "identify", userId: "u-1", traits: { email: "u1@example.com" }, messageId: ids[1] },
        ],
        sentAt: new Date().toISOString(),
      },
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toMatchObject({ accepted: 2, rejected: [] });
    const page = await call("/v1/page", {
      method: "POST",
      headers: basic(ownerKey),
      json: { name: "Pricing", anonymousId: "a-9", messageId: ids[2] },
    });
    expect(await page.json()).toMatchObject({ accepted: 1 });
    const rows = await createDb(env).execute<{ kind: string; event_type: string }>(sql`
      select kind, event_type from analytics_events where organization_id = ${organizationId}
      and message_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) order by kind`);
    expect(rows.rows).toEqual([
      { kind: "identify", event_type: "identify" },
      { kind: "page", event_type: "page" },
      { kind: "track", event_type: "Signed Up" },
    ]);
  });

  it("refuses a wrong write key with 401 and an event without userId or anonymousId with 400", async () => {
    const wrong = await call("/v1/track", {
      method: "POST",
      headers: basic("fd_live_nope"),
      json: { event: "x", userId: "u" },
    });
    expect(wrong.status).toBe(401);
    const anonymous = await call("/v1/track", { method: "POST", headers: basic(ownerKey), json: { event: "x" } });
    expect(anonymous.status).toBe(400);
  });

  it("refuses a batch request over 500 KB", async () => {
    const batch = Array.from({ length: 20 }, () => ({
      type: "track",
      event: "Big",
      userId: "u",
      properties: { blob: "y".repeat(30_000) },
    }));
    const response = await call("/v1/batch", { method: "POST", headers: basic(ownerKey), json: { batch } });
    expect(response.status).toBe(413);
  });
});
