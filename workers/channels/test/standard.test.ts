import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { channelMessages, db, tenantWithChannel, webhook } from "./support.ts";

const secret = `whsec_${btoa("a-standard-webhooks-secret-32b!!")}`;
let organizationId: string;
let channelId: string;

beforeAll(async () => {
  ({ organizationId, channelId } = await tenantWithChannel({
    type: "api",
    name: "App bridge",
    provider: "standard-webhooks",
    credentials: { signingSecret: secret },
  }));
});

const post = (payload: unknown, options: { signer?: string; at?: Date; tamper?: boolean } = {}) => {
  const body = JSON.stringify(payload);
  const id = `msg_${crypto.randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.signer ?? secret).sign(id, at, body);
  return webhook(`/standard/${channelId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: options.tamper ? body.replace("hello", "HELLO") : body,
  });
};

const message = (id: string, from: Record<string, string>, text = "hello there") => ({
  type: "message.received",
  data: { id, text, from },
});

describe("a generic channel signed per Standard Webhooks", () => {
  it("refuses a stale timestamp, a wrong secret and a tampered body with 401", async () => {
    const stale = new Date(Date.now() - 10 * 60_000);
    expect((await post(message("s-1", { id: "u-1" }), { at: stale })).status).toBe(401);
    expect(
      (await post(message("s-2", { id: "u-1" }), { signer: `whsec_${btoa("another-secret-of-32-bytes-long!")}` }))
        .status,
    ).toBe(401);
    expect((await post(message("s-3", { id: "u-1" }), { tamper: true })).status).toBe(401);
    expect(await channelMessages(organizationId, channelId)).toEqual([]);
  });

  it("answers with the reply in the response (its contract is request and response, so the turn runs first)", async () => {
    const response = await post(message("s-10", { id: "u-10", name: "Ola" }));
    expect(response.status).toBe(200);
    const body = await response.json<{ duplicate: boolean; reply: string; conversationId: string }>();
    expect(body.duplicate).toBe(false);
    expect(body.reply.length).toBeGreaterThan(0);
    expect(body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await post(message("s-10", { id: "u-10", name: "Ola" }));
    expect(await again.json()).toEqual({ duplicate: true });
  });

  it("merges two customers found to be one person", async () => {
    const email = `kim-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const known = crypto.randomUUID();
    await db().execute(sql`
      insert into customers (id, organization_id, name, email) values (${known}, ${organizationId}, 'Kim', ${email})`);
    // First seen on the bridge without an email: a customer of its own.
    await post(message("s-20", { id: "kim-app" }, "hello from the app"));
    const [first] = (await channelMessages(organizationId, channelId)).filter((m) => m.external_message_id === "s-20");
    expect(first?.customer_id).not.toBe(known);
    // Then the same app user tells us their email: both customers are one.
    await post(message("s-21", { id: "kim-app", email }, "hello again"));
    const merged = await db().execute<{ id: string; is_merged: boolean; merged_into_customer_id: string | null }>(sql`
      select id, is_merged, merged_into_customer_id from customers where id = ${first?.customer_id ?? ""}`);
    expect(merged.rows).toEqual([{ id: first?.customer_id, is_merged: true, merged_into_customer_id: known }]);
    const moved = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.external_message_id === "s-20" || m.external_message_id === "s-21",
    );
    expect(moved.map((m) => m.customer_id)).toEqual([known, known]);
    const identity = await db().execute<{ customer_id: string }>(sql`
      select customer_id from customer_identities where channel_id = ${channelId} and channel_identifier = 'kim-app'`);
    expect(identity.rows).toEqual([{ customer_id: known }]);
  });
});
