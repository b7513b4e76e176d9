import { createDb, schema } from "@frontdesk/db";
import { and, eq, sql } from "drizzle-orm";
import type { ChannelsEnv } from "../env.ts";
import { maxAttachmentBytes, storeAttachment, unstored } from "../media/store.ts";
import { type EmailFile, parseEmail } from "../providers/email.ts";
import { acceptMessages } from "./accept.ts";
import { loadChannel } from "./load-channel.ts";
import type { LoadedChannel } from "./types.ts";

/** Larger mail is refused at the door (Email Routing's own limit is 25 MiB). */
export const maxEmailBytes = 25 * 1024 * 1024;

/** The active email channel whose inbound address is `address`, if any. */
async function emailChannel(env: ChannelsEnv, address: string): Promise<LoadedChannel | undefined> {
  const t = schema.channels;
  const [row] = await createDb(env)
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.type, "email"), sql`lower(${t.config} ->> 'address') = ${address.trim().toLowerCase()}`))
    .limit(1);
  return row ? loadChannel(env, row.id, ["email"]).catch(() => undefined) : undefined;
}

/** The email's first file, stored in R2 (the message keeps it); over the size limit it is only named. */
async function keepFile(env: ChannelsEnv, channel: LoadedChannel, file: EmailFile) {
  if (file.content.byteLength > maxAttachmentBytes(env))
    return unstored(file.type, "too-large", file.content.byteLength);
  return storeAttachment(env, channel, file.content, { type: file.type, filename: file.filename });
}

export type EmailOutcome = "accepted" | "duplicate" | "automatic" | "rejected";

/**
 * Cloudflare Email Routing's delivery of one email to a channel's address: mail for an unknown
 * address or over the size limit is rejected (the sender's server bounces it); auto-replies,
 * bounces and list mail are logged and dropped, never answered; a customer's email is claimed
 * exactly once (by Message-ID) and queued for its turn, like any provider's message.
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
  const parsed = await parseEmail(message.raw, message.from);
  if (parsed.kind === "automatic") {
    console.log(
      JSON.stringify({
        event: "email-not-answered",
        channelId: channel.id,
        reason: parsed.reason,
        messageId: parsed.messageId,
      }),
    );
    return "automatic";
  }
  const [file] = parsed.files;
  const attachment = file && (await keepFile(env, channel, file));
  const inbound = attachment ? { ...parsed.message, attachment } : parsed.message;
  const { duplicates } = await acceptMessages(env, ctx, channel, "email", [inbound]);
  return duplicates > 0 ? "duplicate" : "accepted";
}
