import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { identityHeader, privateUrlReason } from "@frontdesk/http";
import { dispatchWebhooks } from "@frontdesk/webhooks";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import worker from "../src/index.ts";

const receiver = inject("webhookReceiverUrl");

async function tenant() {
  const organizationId = crypto.randomUUID();
  await createDb(env)
    .insert(schema.organizations)
    .values({ id: organizationId, name: "Outbound", slug: `ob-${organizationId.slice(0, 8)}` });
  const identity = JSON.stringify({
    organizationId,
    principal: "api_key",
    scopes: ["*"],
    subjectId: crypto.randomUUID(),
  });
  /** The bookings worker as the gateway calls it, under `bindings` (a deployment without ALLOW_PRIVATE_URLS by default). */
  const register = (url: string, bindings: object = { ...env, ALLOW_PRIVATE_URLS: "false" }) =>
    worker.fetch(
      new Request("https://bookings.internal/v1/webhook-endpoints", {
        method: "POST",
        headers: { [identityHeader]: identity, "content-type": "application/json" },
        body: JSON.stringify({ url }),
      }),
      bindings as typeof env,
    );
  return { organizationId, register };
}

describe("outgoing webhook URLs", () => {
  it("refuse loopback, private, link-local, metadata and internal addresses in any spelling", () => {
    for (const url of [
      "http://127.0.0.1/hook",
      "http://2130706433/hook",
      "http://0x7f.1/hook",
      "http://[::1]/hook",
      "http://[::ffff:10.0.0.1]/hook",
      "http://10.1.2.3/hook",
      "http://172.16.0.1/hook",
      "http://192.168.1.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/hook",
      "http://0.0.0.0/hook",
      "http://[fd00::1]/hook",
      "http://localhost:8080/hook",
      "http://metadata.google.internal/computeMetadata",
      "http://intranet/hook",
      "https://user:pass@example.com/hook",
      "ftp://example.com/hook",
    ])
      expect(privateUrlReason(url, false), url).toBeDefined();
    expect(privateUrlReason("https://hooks.example.com/in", false)).toBeUndefined();
    expect(privateUrlReason("https://93.184.216.34/in", false)).toBeUndefined();
    expect(privateUrlReason("http://127.0.0.1:9/in", true)).toBeUndefined();
  });

  it("are refused at registration unless the deployment allows private networks", async () => {
    const { register } = await tenant();
    const refused = await register("http://169.254.169.254/latest/meta-data");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ detail: expect.stringContaining("linkLocal") });
    expect((await register(`${receiver}/inbox/x`)).status).toBe(400);
    expect((await register(`${receiver}/inbox/x`, { ...env, ALLOW_PRIVATE_URLS: "true" })).status).toBe(201);
  });

  it("are capped per organization", async () => {
    const { register } = await tenant();
    const allowed = { ...env, ALLOW_PRIVATE_URLS: "true", WEBHOOK_ENDPOINTS_PER_ORGANIZATION: "2" };
    expect((await register(`${receiver}/inbox/a`, allowed)).status).toBe(201);
    expect((await register(`${receiver}/inbox/b`, allowed)).status).toBe(201);
    const third = await register(`${receiver}/inbox/c`, allowed);
    expect(third.status).toBe(409);
    expect(await third.json()).toMatchObject({ detail: expect.stringContaining("at most 2") });
  });
});

describe("webhook delivery", () => {
  /** An endpoint of `organizationId` at `url` with `count` due deliveries; returns their ids. */
  async function backlog(organizationId: string, url: string, count: number): Promise<string[]> {
    const db = createDb(env);
    const [endpoint] = await db
      .insert(schema.webhookEndpoints)
      .values({ organizationId, url, eventTypes: [], secretCiphertext: "not-used" })
      .returning({ id: schema.webhookEndpoints.id });
    if (!endpoint) throw new Error("no endpoint");
    const rows = await db
      .insert(schema.webhookDeliveries)
      .values(
        Array.from({ length: count }, (_, index) => ({
          organizationId,
          endpointId: endpoint.id,
          messageId: `msg_${crypto.randomUUID()}`,
          eventType: "booking.created",
          payload: { index },
          nextAttemptAt: new Date(Date.now() - 60_000 + index),
        })),
      )
      .returning({ id: schema.webhookDeliveries.id });
    return rows.map((row) => row.id);
  }

  it("is fair across tenants: one tenant's backlog does not starve another's, and the log keeps no raw error text", async () => {
    const noisy = await tenant();
    const quiet = await tenant();
    // A backlog far larger than one run, to an address nothing listens on.
    const noisyIds = await backlog(noisy.organizationId, "http://127.0.0.1:9/down", 40);
    const [quietId] = await backlog(quiet.organizationId, `${receiver}/inbox/${crypto.randomUUID()}`, 1);
    // Older than everything else that is due, so that the oldest-first order alone would starve it.
    const db = createDb(env);
    await db
      .update(schema.webhookDeliveries)
      .set({ nextAttemptAt: new Date() })
      .where(eq(schema.webhookDeliveries.id, quietId ?? ""));
    const summary = await dispatchWebhooks(db, env.FRONTDESK_ENCRYPTION_KEY, {
      limit: 12,
      perOrganization: 5,
      allowPrivateUrls: true,
      timeoutMs: 2_000,
    });
    const attempted = await db
      .select({
        id: schema.webhookDeliveries.id,
        organizationId: schema.webhookDeliveries.organizationId,
        attemptCount: schema.webhookDeliveries.attemptCount,
        lastError: schema.webhookDeliveries.lastError,
      })
      .from(schema.webhookDeliveries)
      .where(inArray(schema.webhookDeliveries.id, [...noisyIds, quietId ?? ""]));
    const tried = attempted.filter((row) => row.attemptCount > 0);
    expect(tried.filter((row) => row.organizationId === noisy.organizationId)).toHaveLength(5);
    expect(tried.map((row) => row.id)).toContain(quietId);
    expect(summary.attempted).toBeGreaterThanOrEqual(6);
    const errors = new Set(
      tried.filter((row) => row.organizationId === noisy.organizationId).map((row) => row.lastError),
    );
    expect([...errors]).toEqual([expect.stringMatching(/^(connection-failed|timeout|decrypt-failed)$/)]);
  });

  it("refuses, at send time, a receiver in a private network when the deployment does not allow it", async () => {
    const { organizationId } = await tenant();
    const [id] = await backlog(organizationId, "http://10.0.0.7/hook", 1);
    const db = createDb(env);
    await dispatchWebhooks(db, env.FRONTDESK_ENCRYPTION_KEY, { organizationId, allowPrivateUrls: false });
    const [row] = await db
      .select({ lastError: schema.webhookDeliveries.lastError, status: schema.webhookDeliveries.status })
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.id, id ?? ""));
    expect(row).toEqual({ lastError: "blocked-address", status: "pending" });
  });
});
