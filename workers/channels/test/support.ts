import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { identityHeader } from "@frontdesk/http";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { metaSignature, whatsappDelivery } from "../../../test/providers.ts";
import type { SenderWork } from "../src/channel/types.ts";
import { receiveClaims } from "../src/inbound/accept.ts";
import { inboxOf } from "../src/inbound/inbox.ts";
import worker from "../src/index.ts";

export const db = () => createDb(env);
const receiver = inject("webhookReceiverUrl");

/** A fresh organization with the demo's assistant and knowledge, and a caller that reaches this worker as the gateway would. */
export async function tenant() {
  const organizationId = crypto.randomUUID();
  await db()
    .insert(schema.organizations)
    .values({ id: organizationId, name: "Northwind Cycles", slug: `ch-${organizationId.slice(0, 8)}` });
  await seedDemoContent(db(), organizationId);
  const identity = JSON.stringify({
    organizationId,
    principal: "api_key",
    scopes: ["*"],
    subjectId: crypto.randomUUID(),
  });
  const manage = (path: string, method = "GET", json?: unknown, headers: Record<string, string> = {}) =>
    exports.default.fetch(`https://channels.internal${path}`, {
      method,
      headers: {
        ...headers,
        [identityHeader]: identity,
        ...(json === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  const createChannel = async (json: Record<string, unknown>): Promise<string> => {
    const response = await manage("/v1/channels", "POST", json);
    if (response.status !== 201) throw new Error(`channel not created: ${await response.text()}`);
    return (await response.json<{ channel: { id: string } }>()).channel.id;
  };
  /** The chat worker's API as the gateway reaches it (CHAT's fetch), as the same caller. */
  const chatApi = (path: string, method = "GET", json?: unknown) =>
    env.CHAT.fetch(`https://chat.internal${path}`, {
      method,
      headers: { [identityHeader]: identity, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  return { organizationId, manage, createChannel, chatApi };
}

/** A fresh tenant with one channel (as `POST /v1/channels` takes it): what every provider's tests start from. */
export async function tenantWithChannel(channel: Record<string, unknown>) {
  const created = await tenant();
  const channelId = await created.createChannel(channel);
  const address = (channel.config as { address?: string } | undefined)?.address;
  if (channel.type === "email" && address) await proveAddress(created.manage, channelId, address);
  return { ...created, channelId };
}

/** The verification code Frontdesk mailed to `address` most recently. */
export async function mailedCode(address: string): Promise<string> {
  const mails = await providerCallsWhen("email", (call) => JSON.parse(call.body).to === address.toLowerCase());
  const text = String(JSON.parse(mails.at(-1)?.body ?? "{}").text ?? "");
  const code = /enter this code in Frontdesk: ([A-Z0-9]+)/.exec(text)?.[1];
  if (!code) throw new Error(`no verification code was mailed to ${address}`);
  return code;
}

/** An email channel proves its address as its owner would: the code mailed to it, typed back. */
export async function proveAddress(
  manage: Awaited<ReturnType<typeof tenant>>["manage"],
  channelId: string,
  address: string,
): Promise<void> {
  const code = await mailedCode(address);
  const proved = await manage(`/v1/channels/${channelId}/address-verification`, "POST", { code });
  if (proved.status !== 200) throw new Error(`address not proven: ${await proved.text()}`);
}

/** A provider's webhook, posted to this worker as the gateway passes it on (same URL, headers and bytes). */
export const webhook = (path: string, init: RequestInit) =>
  exports.default.fetch(`https://api.frontdesk.test/webhooks${path}`, init);

/** A signed WhatsApp delivery of one customer message to the channel's webhook, which must acknowledge it. */
export async function deliverWhatsapp(
  channel: { id: string; appSecret: string },
  id: string,
  from: string,
  text: string,
) {
  const body = whatsappDelivery(id, from, text);
  const response = await webhook(`/whatsapp/${channel.id}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await metaSignature(channel.appSecret, body),
    },
    body,
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

/** Runs the queue's consumer on the work the webhooks queued for these senders, as the queue would deliver it. */
export async function runConsumer(work: SenderWork[]) {
  const batch = createMessageBatch<SenderWork>(
    "frontdesk-channel-inbound",
    work.map((body, index) => ({ id: `work-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/**
 * The provider API calls matching `wanted` once at least `count` have arrived: each wait is the
 * recorder answering when more calls arrive (bounded), never a timer loop of our own.
 */
export async function providerCallsWhen(
  provider: string,
  wanted: (call: { path: string; body: string }) => boolean,
  count = 1,
): Promise<{ path: string; body: string }[]> {
  for (let round = 0; round < 20; round++) {
    const all = await providerCalls(provider);
    const matching = all.filter(wanted);
    if (matching.length >= count) return matching;
    // The recorder answers once one more call has arrived (or after 20 s with what it has).
    const response = await fetch(`${receiver}/inbox/provider-${provider}/wait/${all.length + 1}`);
    const { deliveries } = (await response.json()) as { deliveries: unknown[] };
    if (deliveries.length <= all.length) break;
  }
  return (await providerCalls(provider)).filter(wanted);
}

/** What a provider API received from us (the recorder answers like the provider). */
export async function providerCalls(provider: string): Promise<{ path: string; body: string }[]> {
  const response = await fetch(`${receiver}/inbox/provider-${provider}`);
  const { deliveries } = (await response.json()) as { deliveries: { headers: { path: string }; body: string }[] };
  return deliveries.map((d) => ({ path: d.headers.path, body: d.body }));
}

export async function channelMessages(organizationId: string, channelId: string) {
  const result = await db().execute<{
    role: string;
    content: string;
    external_message_id: string | null;
    delivery_status: string | null;
    customer_id: string;
  }>(sql`
    select role, content, external_message_id, delivery_status, customer_id from messages
    where organization_id = ${organizationId} and channel_id = ${channelId} order by sent_at, role`);
  return result.rows;
}

/** A sender's messages claimed in the channel's inbox and not yet taken by a consumer. */
export const waitingClaims = async (channelId: string, senderId: string) =>
  (await inboxOf(env, channelId).waiting(senderId)).map((claim) => claim.eventId);

/** The consumer's first step alone: a sender's claims waiting in the inbox become receipts in Postgres. */
export const takeClaims = (channelId: string, senderId: string) => receiveClaims(env, db(), { channelId, senderId });

export async function receipts(channelId: string) {
  const result = await db().execute<{ provider_event_id: string; state: string; attempts: number }>(sql`
    select provider_event_id, state, attempts from channel_receipts where channel_id = ${channelId} order by sequence`);
  return result.rows;
}

/** An RFC 5322 message as a mail server would hand it over (CRLF lines). */
export function rawEmail(mail: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  body: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  contentType?: string;
  /** What the receiving server found (RFC 8601); by default DKIM and DMARC pass for the From domain. */
  authenticationResults?: string | null;
}): string {
  const domain = /@([^>\s]+)/.exec(mail.from)?.[1] ?? "";
  const authenticationResults =
    mail.authenticationResults === undefined
      ? `mx.cloudflare.net; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${domain}; dmarc=pass header.from=${domain}`
      : mail.authenticationResults;
  const headers = {
    ...(authenticationResults === null ? {} : { "Authentication-Results": authenticationResults }),
    From: mail.from,
    To: mail.to,
    Subject: mail.subject,
    Date: new Date().toUTCString(),
    "Message-ID": mail.messageId,
    ...(mail.inReplyTo ? { "In-Reply-To": mail.inReplyTo } : {}),
    ...(mail.references ? { References: mail.references.join(" ") } : {}),
    "MIME-Version": "1.0",
    "Content-Type": mail.contentType ?? "text/plain; charset=utf-8",
    ...mail.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${head.join("\r\n")}\r\n\r\n${mail.body.replace(/\r?\n/g, "\r\n")}`;
}

/**
 * Hands an email to the worker's `email()` handler as Cloudflare Email Routing does: the envelope,
 * the raw bytes as a stream, and `setReject` (what it was told is answered).
 */
export async function routeEmail(raw: string, envelope: { from: string; to: string }) {
  const bytes = new TextEncoder().encode(raw);
  let rejected: string | undefined;
  const message = {
    from: envelope.from,
    to: envelope.to,
    headers: new Headers(),
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    canBeForwarded: false,
    setReject(reason: string) {
      rejected = reason;
    },
    forward: () => Promise.reject(new Error("Frontdesk never forwards")),
    reply: () => Promise.reject(new Error("Frontdesk replies through its outbox")),
  } satisfies ForwardableEmailMessage;
  const ctx = createExecutionContext();
  await worker.email(message, env, ctx);
  return { rejected };
}
