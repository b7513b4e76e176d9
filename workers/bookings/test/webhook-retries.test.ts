import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { identityHeader } from "@frontdesk/http";
import { eq, sql } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import worker from "../src/index.ts";

/** The cron trigger, as workerd runs it. */
async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const receiver = inject("webhookReceiverUrl");

/** Calls the bookings worker as the gateway would, for a fresh demo organization. */
async function demoTenant() {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db
    .insert(schema.organizations)
    .values({ id: organizationId, name: "Northwind", slug: `nw-${organizationId.slice(0, 8)}` });
  await seedDemoContent(db, organizationId);
  const identity = JSON.stringify({
    organizationId,
    principal: "api_key",
    scopes: ["*"],
    subjectId: crypto.randomUUID(),
  });
  const call = (path: string, json?: unknown) =>
    exports.default.fetch(`https://bookings.internal${path}`, {
      method: json === undefined ? "GET" : "POST",
      headers: { [identityHeader]: identity, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  return { db, organizationId, call };
}

/** The receiver's inbox once it holds `count` deliveries (it answers when they arrive, within 20 s). */
async function received(name: string, count: number) {
  const { deliveries } = await (await fetch(`${receiver}/inbox/${name}/wait/${count}`)).json<{
    deliveries: { headers: Record<string, string>; status: number }[];
  }>();
  if (deliveries.length < count) throw new Error(`never received ${count}`);
  return deliveries;
}

describe("the cron retries webhook deliveries", () => {
  it("redelivers a failed event once its backoff is over, with the same webhook-id, and logs both attempts", async () => {
    const { db, call } = await demoTenant();
    const inbox = crypto.randomUUID();
    const endpoint = await call("/v1/webhook-endpoints", { url: `${receiver}/inbox/${inbox}/fail/1` });
    expect(endpoint.status).toBe(201);
    const { endpoint: registered } = await endpoint.json<{ endpoint: { id: string } }>();
    const day = new Date(Date.now() + 5 * 86_400_000);
    while (![2, 3, 4].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
    // Midday is open in London whatever the season.
    const booked = await call("/v1/bookings", {
      meetingType: "repair-drop-off",
      startsAt: `${day.toISOString().slice(0, 10)}T12:00:00Z`,
      customer: { name: "Flo" },
    });
    expect(booked.status).toBe(201);
    const [first] = await received(inbox, 1);
    expect(first?.status).toBe(503);

    const d = schema.webhookDeliveries;
    // The first attempt is recorded once its answer is in; then its backoff is made to run out.
    await vi.waitFor(
      async () => {
        const [row] = await db.select().from(d).where(eq(d.endpointId, registered.id));
        expect(row?.attemptCount).toBe(1);
      },
      { timeout: 10_000, interval: 50 },
    );
    await db.update(d).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(d.endpointId, registered.id));

    await runCron();
    const deliveries = await received(inbox, 2);
    expect(deliveries.map((delivery) => delivery.status)).toEqual([503, 204]);
    expect(deliveries[1]?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    // The cron's run (awaited with its waitUntil work) has logged the second attempt.
    const log = await (await call(`/v1/webhook-endpoints/${registered.id}/deliveries`)).json<{
      data: { status: string; attempts: { attempt: number; responseStatus: number }[] }[];
    }>();
    expect(log.data[0]).toMatchObject({
      status: "delivered",
      attempts: [
        { attempt: 1, responseStatus: 503 },
        { attempt: 2, responseStatus: 204 },
      ],
    });
  });

  it("leaves deliveries that are not due alone", async () => {
    const { db, call } = await demoTenant();
    const inbox = crypto.randomUUID();
    const endpoint = await call("/v1/webhook-endpoints", { url: `${receiver}/inbox/${inbox}/fail/9` });
    const { endpoint: registered } = await endpoint.json<{ endpoint: { id: string } }>();
    const day = new Date(Date.now() + 6 * 86_400_000);
    while (![2, 3, 4].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
    await call("/v1/bookings", {
      meetingType: "repair-drop-off",
      startsAt: `${day.toISOString().slice(0, 10)}T12:30:00Z`,
      customer: { name: "Gus" },
    });
    await received(inbox, 1);
    const d = schema.webhookDeliveries;
    await db.update(d).set({ nextAttemptAt: sql`now() + interval '1 hour'` }).where(eq(d.endpointId, registered.id));
    // The cron's run is over (its waitUntil work awaited): nothing more was sent.
    await runCron();
    expect(await received(inbox, 1)).toHaveLength(1);
  });
});
