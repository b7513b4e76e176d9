import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/index.ts";
import type { EventRow } from "../src/ingest/event-row.ts";
import type { QueuedEvents } from "../src/ingest/queue.ts";
import { tenant } from "./support.ts";

const row = (organizationId: string, messageId: string): EventRow => ({
  organizationId,
  kind: "track",
  eventType: "Queued Event",
  messageId,
  userId: null,
  anonymousId: "anon",
  customerId: null,
  conversationId: null,
  channelId: null,
  properties: {},
  traits: {},
  context: {},
  occurredAt: new Date().toISOString(),
  sentAt: null,
});

const countOf = async (db: Awaited<ReturnType<typeof tenant>>["db"], organizationId: string) =>
  (
    await db.execute<{ count: number }>(
      sql`select count(*)::int as count from analytics_events where organization_id = ${organizationId}`,
    )
  ).rows[0]?.count;

describe("the events queue", () => {
  it("the consumer stores a delivered batch in one insert and acknowledges it; a redelivery adds nothing", async () => {
    const { db, organizationId } = await tenant();
    const messages = [0, 1, 2].map((n) => ({
      id: `msg-${n}`,
      timestamp: new Date(),
      attempts: 1,
      body: { rows: [row(organizationId, `q-${n}-a`), row(organizationId, `q-${n}-b`)] } satisfies QueuedEvents,
    }));
    for (let delivery = 0; delivery < 2; delivery++) {
      const batch = createMessageBatch<QueuedEvents>("frontdesk-events", messages);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      expect(await getQueueResult(batch, ctx)).toMatchObject({ ackAll: true, retryBatch: { retry: false } });
    }
    expect(await countOf(db, organizationId)).toBe(6);
  });

  it("the consumer asks for the batch again when the database refuses it", async () => {
    const batch = createMessageBatch<QueuedEvents>("frontdesk-events", [
      { id: "bad", timestamp: new Date(), attempts: 1, body: { rows: [row("not-a-uuid", "x")] } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect(await getQueueResult(batch, ctx)).toMatchObject({ ackAll: false, retryBatch: { retry: true } });
  });

  it("a batch at the queue threshold is answered 202 and is stored by the consumer", async () => {
    const { db, organizationId, call } = await tenant();
    const events = Array.from({ length: 60 }, (_, i) => ({ event: "Bulk", messageId: `bulk-${i}`, anonymousId: "a" }));
    const response = await call("/v1/events", { events });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 0, queued: 60, rejected: [] });
    // The queue delivers on its own schedule (a batch timeout of 2 s): wait for the consumer.
    await vi.waitFor(async () => expect(await countOf(db, organizationId)).toBe(60), {
      timeout: 20_000,
      interval: 250,
    });
  });
});
