import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index.ts";
import { touchedDays } from "../src/rollup/rollup-sql.ts";
import { backfillRollup, runIncrementalRollup } from "../src/rollup/run-rollup.ts";
import { tenant } from "./support.ts";

/** The cron trigger, as workerd runs it. */
async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/10 * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

type Tenant = Awaited<ReturnType<typeof tenant>>;
let t: Tenant;

/**
 * A Berlin business (UTC+2 in June). Local days:
 *  - 06-09: conversation C starts at 23:50 (21:50Z), no messages, still open;
 *  - 06-10: A (web) starts 08:00, answered in 30 s, closed by the assistant after 600 s, CSAT 5;
 *           B (WhatsApp) starts 23:30 (21:30Z), answered by an agent in 90 s;
 *  - 06-11: B closed at 00:30 (22:30Z on 06-10) after a handover, 3,600 s, CSAT 3.
 */
async function fixture(db: Tenant["db"], organizationId: string) {
  const [web, whatsapp] = [crypto.randomUUID(), crypto.randomUUID()];
  await db.insert(schema.channels).values([
    { id: web, organizationId, type: "web", name: "Site" },
    { id: whatsapp, organizationId, type: "whatsapp", name: "WhatsApp" },
  ]);
  const customerId = crypto.randomUUID();
  await db.insert(schema.customers).values({ id: customerId, organizationId, name: "Ana" });
  const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const at = (iso: string) => new Date(iso);
  await db.insert(schema.conversations).values([
    {
      id: a,
      organizationId,
      customerId,
      channelId: web,
      status: "closed",
      aiResolved: true,
      csatScore: 5,
      startedAt: at("2026-06-10T06:00:00Z"),
      endedAt: at("2026-06-10T06:10:00Z"),
      resolutionTimeSeconds: 600,
    },
    {
      id: b,
      organizationId,
      customerId,
      channelId: whatsapp,
      status: "closed",
      aiResolved: false,
      csatScore: 3,
      startedAt: at("2026-06-10T21:30:00Z"),
      endedAt: at("2026-06-10T22:30:00Z"),
      resolutionTimeSeconds: 3600,
    },
    { id: c, organizationId, customerId, channelId: web, status: "active", startedAt: at("2026-06-09T21:50:00Z") },
  ]);
  const message = (
    conversationId: string,
    channelId: string,
    role: "customer" | "assistant" | "agent",
    sentAt: string,
  ) => ({
    organizationId,
    conversationId,
    customerId,
    channelId,
    role,
    direction: role === "customer" ? ("inbound" as const) : ("outbound" as const),
    content: "hi",
    sentAt: at(sentAt),
  });
  await db
    .insert(schema.messages)
    .values([
      message(a, web, "customer", "2026-06-10T06:00:00Z"),
      message(a, web, "assistant", "2026-06-10T06:00:30Z"),
      message(b, whatsapp, "customer", "2026-06-10T21:30:00Z"),
      message(b, whatsapp, "agent", "2026-06-10T21:31:30Z"),
    ]);
  await db.insert(schema.analyticsEvents).values([
    { organizationId, eventType: "Page Viewed", occurredAt: at("2026-06-10T07:00:00Z") },
    { organizationId, eventType: "Page Viewed", occurredAt: at("2026-06-10T21:59:59Z") },
    { organizationId, eventType: "Page Viewed", occurredAt: at("2026-06-10T22:30:00Z") },
    { organizationId, eventType: "Signed Up", occurredAt: at("2026-06-10T23:00:00Z") },
  ]);
  return { a };
}

const daily = async (db: Tenant["db"], organizationId: string) =>
  db
    .select()
    .from(schema.analyticsDaily)
    .where(eq(schema.analyticsDaily.organizationId, organizationId))
    .orderBy(schema.analyticsDaily.date);

const figures = (rows: Awaited<ReturnType<typeof daily>>) =>
  rows.map((r) => ({
    date: r.date,
    total: r.totalConversations,
    ai: r.aiResolvedConversations,
    agent: r.agentResolvedConversations,
    messages: r.totalMessages,
    response: r.avgResponseTimeSeconds,
    resolution: r.avgResolutionTimeSeconds,
    satisfaction: r.avgSatisfactionScore,
    channels: r.channelMetrics,
  }));

const expected = [
  {
    date: "2026-06-09",
    total: 1,
    ai: 0,
    agent: 0,
    messages: 0,
    response: null,
    resolution: null,
    satisfaction: null,
    channels: { web: { conversations: 1, aiResolved: 0, agentResolved: 0, messages: 0 } },
  },
  {
    date: "2026-06-10",
    total: 2,
    ai: 1,
    agent: 0,
    messages: 4,
    response: 60,
    resolution: 600,
    satisfaction: 5,
    channels: {
      web: { conversations: 1, aiResolved: 1, agentResolved: 0, messages: 2 },
      whatsapp: { conversations: 1, aiResolved: 0, agentResolved: 0, messages: 2 },
    },
  },
  {
    date: "2026-06-11",
    total: 0,
    ai: 0,
    agent: 1,
    messages: 0,
    response: null,
    resolution: 3600,
    satisfaction: 3,
    channels: { whatsapp: { conversations: 0, aiResolved: 0, agentResolved: 1, messages: 0 } },
  },
];

let conversationA: string;

beforeAll(async () => {
  t = await tenant("Europe/Berlin");
  ({ a: conversationA } = await fixture(t.db, t.organizationId));
});

describe("the analytics rollup", () => {
  it("the cron computes each local day's figures as worked out by hand", async () => {
    await runCron();
    expect(figures(await daily(t.db, t.organizationId))).toEqual(expected);
  });

  it("counts events by type per local day, and the API sums them over a range", async () => {
    const response = await t.call("/v1/analytics/events?from=2026-06-01&to=2026-06-30");
    expect(await response.json()).toEqual({
      totals: [
        { eventType: "Page Viewed", count: 3 },
        { eventType: "Signed Up", count: 1 },
      ],
      days: [
        { date: "2026-06-10", eventType: "Page Viewed", count: 2 },
        { date: "2026-06-11", eventType: "Page Viewed", count: 1 },
        { date: "2026-06-11", eventType: "Signed Up", count: 1 },
      ],
    });
  });

  it("a repeated run changes no figure and rewrites no row", async () => {
    const before = await daily(t.db, t.organizationId);
    await runCron();
    const after = await daily(t.db, t.organizationId);
    expect(figures(after)).toEqual(expected);
    expect(after.map((r) => r.updatedAt.getTime())).toEqual(before.map((r) => r.updatedAt.getTime()));
  });

  it("only the days a change touched are recomputed on the next run", async () => {
    const before = await daily(t.db, t.organizationId);
    const [{ now } = { now: new Date() }] = (await t.db.execute<{ now: Date }>(sql`select now() as now`)).rows;
    await t.db.update(schema.conversations).set({ csatScore: 1 }).where(eq(schema.conversations.id, conversationA));
    const { days } = await touchedDays(t.db, new Date(now));
    expect(days.filter((d) => d.organizationId === t.organizationId).map((d) => d.day)).toEqual(["2026-06-10"]);
    await runCron();
    const after = await daily(t.db, t.organizationId);
    expect(after.find((r) => r.date === "2026-06-10")?.avgSatisfactionScore).toBe(1);
    const untouched = (rows: typeof after) =>
      rows.filter((r) => r.date !== "2026-06-10").map((r) => r.updatedAt.getTime());
    expect(untouched(after)).toEqual(untouched(before));
  });

  it("a backfill recomputes a range idempotently and reports its progress", async () => {
    const progress: number[] = [];
    const summary = await backfillRollup(t.db, {
      from: "2026-06-08",
      to: "2026-06-12",
      organizationId: t.organizationId,
      onProgress: (done) => progress.push(done),
    });
    expect(summary.days).toBe(5);
    expect(progress.at(-1)).toBe(5);
    const rows = figures(await daily(t.db, t.organizationId));
    expect(rows.map((r) => r.date)).toEqual(["2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12"]);
    expect(rows[0]).toMatchObject({ total: 0, messages: 0, channels: {} });
    expect(rows.find((r) => r.date === "2026-06-10")).toMatchObject({ total: 2, satisfaction: 1 });
  });

  it("GET /v1/analytics/daily returns the range and refuses a reversed one", async () => {
    const response = await t.call("/v1/analytics/daily?from=2026-06-10&to=2026-06-11");
    const body = await response.json<{
      data: { date: string; totalConversations: number; avgResponseTimeSeconds: number | null }[];
    }>();
    expect(body.data.map((d) => [d.date, d.totalConversations, d.avgResponseTimeSeconds])).toEqual([
      ["2026-06-10", 2, 60],
      ["2026-06-11", 0, null],
    ]);
    expect((await t.call("/v1/analytics/daily?from=2026-06-11&to=2026-06-10")).status).toBe(400);
  });

  it("never shows another organization's figures", async () => {
    const other = await tenant();
    const response = await other.call("/v1/analytics/daily?from=2026-06-01&to=2026-06-30");
    expect(await response.json()).toEqual({ data: [] });
    const rows = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.analyticsDaily)
      .where(and(eq(schema.analyticsDaily.organizationId, other.organizationId)));
    expect(rows[0]?.n).toBe(0);
  });
});

describe("one tenant's odd data never stalls everyone's analytics", () => {
  const event = (organizationId: string, occurredAt: string) => ({
    organizationId,
    kind: "track" as const,
    eventType: "Odd Data",
    messageId: crypto.randomUUID(),
    anonymousId: "a",
    occurredAt: new Date(occurredAt),
  });
  const counted = async (db: Tenant["db"], organizationId: string) =>
    (
      await db.execute<{ n: number }>(
        sql`select coalesce(sum(event_count), 0)::int as n from analytics_event_counts where organization_id = ${organizationId} and event_type = 'Odd Data'`,
      )
    ).rows[0]?.n;
  const backlogOf = async (db: Tenant["db"], organizationId: string) =>
    db
      .select()
      .from(schema.analyticsRollupBacklog)
      .where(eq(schema.analyticsRollupBacklog.organizationId, organizationId));

  it("an organization whose rollup fails waits in the backlog with its reason; the others are rolled up", async () => {
    const broken = await tenant("Mars/Olympus_Mons");
    const healthy = await tenant("Europe/Berlin");
    await broken.db.insert(schema.analyticsEvents).values([event(broken.organizationId, "2026-05-01T10:00:00Z")]);
    await healthy.db.insert(schema.analyticsEvents).values([event(healthy.organizationId, "2026-05-01T10:00:00Z")]);
    await runCron();
    expect(await counted(healthy.db, healthy.organizationId)).toBe(1);
    expect(await backlogOf(broken.db, broken.organizationId)).toEqual([
      expect.objectContaining({ day: "2026-05-01", attempts: 1, lastError: expect.stringContaining("22023") }),
    ]);
    expect(await backlogOf(healthy.db, healthy.organizationId)).toEqual([]);
  });

  it("bounds the days one run recomputes per organization; the rest follow in later runs", async () => {
    const flood = await tenant();
    const other = await tenant();
    // 150 distinct days of history arrive at once.
    const start = Date.UTC(2025, 0, 1);
    await flood.db
      .insert(schema.analyticsEvents)
      .values(
        Array.from({ length: 150 }, (_, index) =>
          event(flood.organizationId, new Date(start + index * 86_400_000).toISOString()),
        ),
      );
    await other.db.insert(schema.analyticsEvents).values([event(other.organizationId, "2026-05-02T10:00:00Z")]);
    // Without the minute of overlap (which would show these just-received events as touched again).
    const run = () => runIncrementalRollup(createDb(env), { overlapMs: 0 });
    await run();
    expect(await counted(other.db, other.organizationId)).toBe(1);
    // 62 days per organization and run: the newest first.
    expect(await counted(flood.db, flood.organizationId)).toBe(62);
    expect(await backlogOf(flood.db, flood.organizationId)).toHaveLength(88);
    await run();
    await run();
    expect(await counted(flood.db, flood.organizationId)).toBe(150);
    expect(await backlogOf(flood.db, flood.organizationId)).toEqual([]);
  });
});
