import { createDb, schema } from "@frontdesk/db";
import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { loadChannel } from "../channel/load.ts";
import type { LoadedChannel } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { maxAttachmentBytes, storeAttachment, unstored } from "../media/store.ts";
import { type EmailFile, parseEmail } from "../providers/email.ts";
import { acceptMessages } from "./accept.ts";

/** Larger mail is refused at the door (Email Routing's own limit is 25 MiB). */
export const maxEmailBytes = 25 * 1024 * 1024;

/**
 * The email channel that proved it owns `address` (a code mailed to it, or its domain's TXT
 * record), if any: an address a channel only claims receives nothing.
 */
async function emailChannel(env: ChannelsEnv, address: string): Promise<LoadedChannel | undefined> {
  const t = schema.channels;
  const to = address.trim().toLowerCase();
  const [row] = await createDb(env)
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.type, "email"), isNotNull(t.addressVerifiedAt), sql`lower(${t.config} ->> 'address') = ${to}`))
    .limit(1);
  return row ? loadChannel(env, row.id, ["email"]).catch(() => undefined) : undefined;
}

/** Whether `address` is one of our own: any email channel's inbound or sending address. */
async function isChannelAddress(env: ChannelsEnv, address: string): Promise<boolean> {
  const t = schema.channels;
  const [row] = await createDb(env)
    .select({ id: t.id })
    .from(t)
    .where(
      and(
        eq(t.type, "email"),
        or(sql`lower(${t.config} ->> 'address') = ${address}`, sql`lower(${t.config} ->> 'fromAddress') = ${address}`),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Counts an email against its sender's hourly budget on this channel (a Durable Object per channel
 * and sender, like the gateway's limits); false once the budget is spent.
 */
async function withinSenderBudget(env: ChannelsEnv, channelId: string, sender: string): Promise<boolean> {
  const limit = Number(env.EMAIL_MAX_PER_SENDER_PER_HOUR) || 20;
  const budget = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`email-sender:${channelId}:${sender}`));
  const decision = await budget.consume(1, { name: "email_sender", limit, windowSeconds: 3600 });
  return decision.allowed;
}

const trustedAuthservIds = (env: ChannelsEnv) =>
  env.EMAIL_AUTHSERV_IDS.split(",")
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);

const notAnswered = (channelId: string, reason: string, messageId: string | undefined) =>
  console.log(JSON.stringify({ event: "email-not-answered", channelId, reason, messageId }));

/** The email's first file, stored in R2 (the message keeps it); over the size limit it is only named. */
async function keepFile(env: ChannelsEnv, channel: LoadedChannel, file: EmailFile) {
  if (file.content.byteLength > maxAttachmentBytes(env))
    return unstored(file.type, "too-large", file.content.byteLength);
  return storeAttachment(env, channel, file.content, { type: file.type, filename: file.filename });
}

export type EmailOutcome = "accepted" | "duplicate" | "automatic" | "own-address" | "rate-limited" | "rejected";

/**
 * Cloudflare Email Routing's delivery of one email to a channel's address: mail for an address no
 * channel proved, or over the size limit, is rejected (the sender's server bounces it);
 * auto-replies, bounces, list mail, mail from our own addresses and a sender's flood are logged and
 * dropped, never answered; a customer's email is claimed exactly once (by Message-ID) and queued
 * for its turn, like any provider's message. A Reply-To naming one of our own addresses is not
 * obeyed: the reply goes to the authenticated sender.
 */
export async function receiveEmail(
  message: ForwardableEmailMessage,
  env: ChannelsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
): Promise<EmailOutcome> {
  const channel = await emailChannel(env, message.to);
  if (!channel) {
    message.setReject("No such mailbox.");
    return "rejected";
  }
  if (message.rawSize > maxEmailBytes) {
    message.setReject(`Messages over ${maxEmailBytes / 1024 / 1024} MiB are not accepted.`);
    return "rejected";
  }
  const parsed = await parseEmail(message.raw, message.from, trustedAuthservIds(env));
  if (parsed.kind === "automatic") {
    notAnswered(channel.id, parsed.reason, parsed.messageId);
    return "automatic";
  }
  const { sender, externalId } = parsed.message;
  if (await isChannelAddress(env, sender.id)) {
    notAnswered(channel.id, `sent from a channel address (${sender.id})`, externalId);
    return "own-address";
  }
  if (!(await withinSenderBudget(env, channel.id, sender.id))) {
    notAnswered(channel.id, `${sender.id} spent this hour's budget of emails`, externalId);
    return "rate-limited";
  }
  const replyTo =
    parsed.message.replyTo !== sender.id && (await isChannelAddress(env, parsed.message.replyTo))
      ? sender.id
      : parsed.message.replyTo;
  const [file] = parsed.files;
  const attachment = file && (await keepFile(env, channel, file));
  const inbound = { ...parsed.message, replyTo, ...(attachment ? { attachment } : {}) };
  const { duplicates } = await acceptMessages(env, ctx, channel, "email", [inbound]);
  return duplicates > 0 ? "duplicate" : "accepted";
}
