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
      const result = await getQueueResult(batch, ctx);
      expect(result.retryBatch.retry).toBe(false);
      expect(result.retryMessages).toEqual([]);
      expect([...result.explicitAcks].sort()).toEqual(["msg-0", "msg-1", "msg-2"]);
    }
    expect(await countOf(db, organizationId)).toBe(6);
  });

  it("one tenant's bad message is retried alone: the rest of the batch is stored and acknowledged", async () => {
    const { db, organizationId } = await tenant();
    const other = await tenant();
    const batch = createMessageBatch<QueuedEvents>("frontdesk-events", [
      { id: "good-1", timestamp: new Date(), attempts: 1, body: { rows: [row(organizationId, "iso-1")] } },
      // Refused before the insert (malformed), and by the database (an organization that does not exist).
      { id: "bad-shape", timestamp: new Date(), attempts: 1, body: { rows: [row("not-a-uuid", "x")] } },
      {
        id: "bad-reference",
        timestamp: new Date(),
        attempts: 2,
        body: { rows: [row(crypto.randomUUID(), "iso-x")] },
      },
      { id: "good-2", timestamp: new Date(), attempts: 1, body: { rows: [row(other.organizationId, "iso-2")] } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch.retry).toBe(false);
    expect(result.ackAll).toBe(false);
    expect([...result.explicitAcks].sort()).toEqual(["good-1", "good-2"]);
    expect(result.retryMessages.map((retry) => retry.msgId).sort()).toEqual(["bad-reference", "bad-shape"]);
    expect(await countOf(db, organizationId)).toBe(1);
    expect(await countOf(other.db, other.organizationId)).toBe(1);
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
