import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { purgeAttachments } from "../../channels/src/media/purge.ts";
import {
  call,
  createDemoOrganization,
  createOrganization,
  findAnywhere,
  inbox,
  randomTestAddress,
  say,
  startConversation,
} from "./support.ts";

const db = createDb(env);
const site = "https://erasure.example";
const receiver = inject("webhookReceiverUrl");

/** The channels worker's bucket, bound to this test project under the same name. */
function attachmentsBucket(): R2Bucket {
  const bucket: unknown = Reflect.get(env, "ATTACHMENTS");
  if (!bucket || typeof bucket !== "object" || !("head" in bucket)) throw new Error("ATTACHMENTS is not bound");
  return bucket as R2Bucket;
}

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : {}) as T;
}

async function subscribe(key: string) {
  const name = crypto.randomUUID();
  await ok(
    await call("/v1/webhook-endpoints", { method: "POST", token: key, json: { url: `${receiver}/inbox/${name}` } }),
    201,
  );
  return name;
}

/** A browser on the business's site. */
function visitor(publishableKey: string) {
  const ip = randomTestAddress();
  return (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) =>
    call(`/v1/public/${publishableKey}${path}`, {
      ...init,
      headers: { origin: site, "cf-connecting-ip": ip, ...Object.fromEntries(new Headers(init.headers)) },
    });
}

describe("erasure (GDPR Art. 17) leaves nothing of the person behind", () => {
  it("webhook payloads, CSAT comments, reactions, lead notes, the attachment in R2, and the visitor's token", async () => {
    const { apiKey } = await createDemoOrganization();
    const key = apiKey.key;
    const hook = await subscribe(key);
    const channel = (
      await ok<{ channel: { id: string; publishableKey: string } }>(
        await call("/v1/channels", {
          method: "POST",
          token: key,
          json: { type: "web", name: "Website chat", allowedOrigins: [site] },
        }),
        201,
      )
    ).channel;
    const browse = visitor(channel.publishableKey);
    const name = "Ottilie Quarrington";
    const email = "ottilie.q@example.com";
    const words = "Zebrafinch";
    const reactor = "+447700900913";
    const session = await ok<{ token: string; conversation: { id: string } }>(
      await browse("/conversations", { method: "POST", json: { name, email } }),
      201,
    );
    const conversationId = session.conversation.id;
    await ok(
      await browse("/conversation/messages", {
        method: "POST",
        token: session.token,
        json: { content: `My ${words} order is late` },
      }),
    );
    const photo = new Uint8Array(await (await fetch(`${receiver}/media-file/png-30000`)).arrayBuffer());
    const form = new FormData();
    form.set("file", new File([photo], `${words}.png`, { type: "image/png" }));
    await ok(await browse("/conversation/attachments", { method: "POST", token: session.token, body: form }));
    const [stored] = await db
      .execute<{ key: string }>(
        sql`select media_url as key from messages where conversation_id = ${conversationId} and media_url is not null`,
      )
      .then((r) => r.rows);
    expect(await attachmentsBucket().head(stored?.key ?? "")).not.toBeNull();
    // A reaction as the WhatsApp channel records one: the reactor's number on the message.
    await db.execute(sql`update messages set reactions = ${JSON.stringify([{ emoji: "👍", by: reactor, at: new Date().toISOString() }])}::jsonb
      where conversation_id = ${conversationId} and role = 'assistant'`);
    await ok(
      await call("/v1/tools/capture_lead", {
        method: "POST",
        token: key,
        json: { conversationId, input: { name, email, context: "wants a cargo bike" } },
      }),
    );
    const leads = await ok<{ data: { id: string; email: string | null }[] }>(await call("/v1/leads", { token: key }));
    const leadId = leads.data.find((lead) => lead.email === email)?.id;
    await ok(
      await call(`/v1/leads/${leadId}`, {
        method: "PATCH",
        token: key,
        json: { notes: `Called back about the ${words}` },
      }),
    );
    await ok(await call(`/v1/conversations/${conversationId}/close`, { method: "POST", token: key, json: {} }));
    await ok(
      await browse("/conversation/csat", {
        method: "PUT",
        token: session.token,
        json: { score: 2, comment: `${words} arrived scratched` },
      }),
    );
    // The endpoint got the person's words (message.created, csat.submitted) before the erasure.
    const before = await inbox(hook, 3);
    expect(before.map((delivery) => delivery.body).join()).toContain(words);
    const customerId = (
      await db
        .execute<{ id: string }>(sql`select customer_id as id from conversations where id = ${conversationId}`)
        .then((r) => r.rows)
    )[0]?.id;

    await ok(await call(`/v1/customers/${customerId}`, { method: "DELETE", token: key }));
    expect(await purgeAttachments({ ...env, ATTACHMENTS: attachmentsBucket() })).toBeGreaterThanOrEqual(1);

    expect(await findAnywhere([name, email, words, reactor, reactor.slice(1), "Called back"])).toEqual([]);
    expect(await attachmentsBucket().head(stored?.key ?? "")).toBeNull();
    // Nothing through the APIs either: deliveries, events, leads, the export.
    const endpoints = await ok<{ data: { id: string }[] }>(await call("/v1/webhook-endpoints", { token: key }));
    for (const endpoint of endpoints.data) {
      const deliveries = await call(`/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`, { token: key });
      expect(await deliveries.text()).not.toMatch(new RegExp(`${words}|${email}|${name}`));
    }
    for (const path of [
      "/v1/events?limit=100",
      "/v1/leads?limit=100",
      `/v1/customers/${customerId}/export`,
      `/v1/conversations/${conversationId}/messages`,
    ]) {
      const text = await (await call(path, { token: key })).text();
      expect(text, path).not.toMatch(new RegExp(`${words}|${email}|${name}|${reactor.slice(1)}`));
    }
    // The visitor's token no longer opens anything; a new visit is a new, unknown visitor.
    expect((await browse("/conversation", { token: session.token })).status).toBe(401);
    const posted = await browse("/conversation/messages", {
      method: "POST",
      token: session.token,
      json: { content: "still there?" },
    });
    expect(posted.status).toBe(401);
    const again = await ok<{ conversation: { id: string } }>(
      await browse("/conversations", { method: "POST", token: session.token, json: {} }),
      201,
    );
    const newOwner = await db
      .execute<{ id: string }>(sql`select customer_id as id from conversations where id = ${again.conversation.id}`)
      .then((r) => r.rows[0]?.id);
    expect(newOwner).not.toBe(customerId);
  });

  it("touches only that person: a bystander whose records share digits with the person's ids keeps them", async () => {
    const { apiKey } = await createOrganization("Bystander Ltd");
    const key = apiKey.key;
    await subscribe(key);
    const person = await startConversation(key, { externalId: "1234", email: "p.1234567@example.com", name: "Pat" });
    await say(key, person, "hello");
    const bystander = await startConversation(key, { email: "bea@example.com", name: "Bea" });
    await say(key, bystander, "My order 1234567 is 1234 days late");
    const ticket = await ok<{ ticket: { id: string } }>(
      await call("/v1/tickets", {
        method: "POST",
        token: key,
        json: { subject: "Order 1234 / 1234567 missing", conversationId: bystander },
      }),
      201,
    );
    await ok(
      await call("/v1/tools/capture_lead", {
        method: "POST",
        token: key,
        json: { conversationId: bystander, input: { name: "Bea", context: "reference 1234567, account 1234" } },
      }),
    );
    const customerOf = async (conversationId: string) =>
      (
        await db
          .execute<{ id: string }>(sql`select customer_id as id from conversations where id = ${conversationId}`)
          .then((r) => r.rows)
      )[0]?.id;
    const snapshot = () =>
      db
        .execute<{ what: string }>(sql`
          select 'tool_calls ' || input::text as what from tool_calls where conversation_id = ${bystander}
          union all select 'deliveries ' || payload::text from webhook_deliveries
            where organization_id = (select organization_id from conversations where id = ${bystander})
              and payload::text like ${`%${bystander}%`}
          union all select 'audit ' || details::text from audit_logs where resource_id = ${ticket.ticket.id}
          union all select 'ticket ' || subject from tickets where id = ${ticket.ticket.id}
          union all select 'message ' || content from messages where conversation_id = ${bystander}
          order by 1`)
        .then((r) => r.rows.map((row) => row.what));
    const bystanderBefore = await snapshot();
    expect(bystanderBefore.join()).toContain("1234567");

    await ok(await call(`/v1/customers/${await customerOf(person)}`, { method: "DELETE", token: key }));

    expect(await snapshot()).toEqual(bystanderBefore);
    const bea = await ok<{ customer: { email: string; status: string } }>(
      await call(`/v1/customers/${await customerOf(bystander)}`, { token: key }),
    );
    expect(bea.customer).toMatchObject({ email: "bea@example.com", status: "active" });
  });

  it("an example question the person's own words taught the knowledge base leaves it with them", async () => {
    const { apiKey } = await createDemoOrganization();
    const key = apiKey.key;
    const unsure = "cancel repair slot?";
    const conversationId = await startConversation(key, { email: "ines@example.com" });
    await say(key, conversationId, unsure);
    await say(key, conversationId, "1");
    const pending = await ok<{ data: { id: string; question: string; knowledgeEntryId: string }[] }>(
      await call("/v1/knowledge-suggestions?status=pending", { token: key }),
    );
    const [suggestion] = pending.data;
    expect(suggestion?.question).toBe(unsure);
    await ok(await call(`/v1/knowledge-suggestions/${suggestion?.id}/accept`, { method: "POST", token: key }));
    const entry = async () =>
      (
        await ok<{ entry: { exampleQuestions: string[] } }>(
          await call(`/v1/knowledge/${suggestion?.knowledgeEntryId}`, { token: key }),
        )
      ).entry;
    expect((await entry()).exampleQuestions).toContain(unsure);
    const customerId = await db
      .execute<{ id: string }>(sql`select customer_id as id from conversations where id = ${conversationId}`)
      .then((r) => r.rows[0]?.id);

    await ok(await call(`/v1/customers/${customerId}`, { method: "DELETE", token: key }));

    expect((await entry()).exampleQuestions).not.toContain(unsure);
    const left = await ok<{ data: unknown[] }>(await call("/v1/knowledge-suggestions", { token: key }));
    expect(left.data).toEqual([]);
  });
});
