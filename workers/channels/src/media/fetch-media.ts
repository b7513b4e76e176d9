import type { StoredAttachment } from "@frontdesk/contracts/chat";
import { errorForLog } from "@frontdesk/db";
import { allowsPrivateUrls, fetchPublic, providerUrl } from "@frontdesk/http";
import { z } from "zod";
import type { ChannelsEnv } from "../env.ts";
import { credential } from "../inbound/load-channel.ts";
import type { LoadedChannel } from "../inbound/types.ts";
import { resolveAddresses } from "../providers/dns.ts";
import { providerCall } from "../providers/provider-call.ts";
import { maxAttachmentBytes, readLimited, storeAttachment, unstored } from "./store.ts";

/** Where a provider keeps a customer's attachment until we fetch it (kept, queued, with the message). */
export const mediaRef = z.discriminatedUnion("source", [
  // WhatsApp: a media id, exchanged for a short-lived URL that needs the access token.
  z.object({
    source: z.literal("whatsapp"),
    id: z.string().min(1).max(200),
    type: z.string().max(200).optional(),
    filename: z.string().max(300).optional(),
  }),
  // Twilio: MediaUrl0, read with the account's Basic auth.
  z.object({ source: z.literal("twilio"), url: z.url().max(2000), type: z.string().max(200).optional() }),
  // Telegram: a file id, exchanged through getFile for a path under the bot's file URL.
  z.object({
    source: z.literal("telegram"),
    fileId: z.string().min(1).max(300),
    type: z.string().max(200).optional(),
    filename: z.string().max(300).optional(),
  }),
]);
export type MediaRef = z.infer<typeof mediaRef>;

/** The providers' API origins the operator configured: trusted as they are (their media links are not). */
const providerOrigins = (env: ChannelsEnv) =>
  [env.WHATSAPP_API_BASE_URL, env.TWILIO_API_BASE_URL, env.TELEGRAM_API_BASE_URL].flatMap((base) =>
    URL.canParse(base) ? [new URL(base).origin] : [],
  );

/**
 * Downloads a media URL a provider handed us, refusing what is too large: never into a private
 * network (the host's resolved addresses included), and each redirect checked the same way.
 */
async function download(
  env: ChannelsEnv,
  url: string,
  headers: Record<string, string>,
): Promise<Uint8Array | "too-large"> {
  const response = await fetchPublic(
    url,
    { headers },
    {
      allowPrivate: allowsPrivateUrls(env),
      trustedOrigins: providerOrigins(env),
      resolve: (host) => resolveAddresses(env, host),
    },
  );
  if (!response.ok || !response.body) throw new Error(`${new URL(url).host} answered ${response.status}`);
  const limit = maxAttachmentBytes(env);
  if (Number(response.headers.get("content-length") ?? 0) > limit) {
    await response.body.cancel();
    return "too-large";
  }
  return (await readLimited(response.body, limit)) ?? "too-large";
}

async function bytesOf(env: ChannelsEnv, channel: LoadedChannel, ref: MediaRef): Promise<Uint8Array | "too-large"> {
  const allowPrivate = allowsPrivateUrls(env);
  if (ref.source === "whatsapp") {
    const bearer = { authorization: `Bearer ${credential(channel, "accessToken")}` };
    const media = await providerCall<{ url?: string }>(
      providerUrl(env.WHATSAPP_API_BASE_URL, ref.id),
      { headers: bearer },
      allowPrivate,
    );
    if (!media.url) throw new Error("WhatsApp gave no media URL");
    return download(env, media.url, bearer);
  }
  if (ref.source === "twilio") {
    const accountSid = String(channel.config.accountSid ?? "");
    return download(env, ref.url, {
      authorization: `Basic ${btoa(`${accountSid}:${credential(channel, "authToken")}`)}`,
    });
  }
  const token = credential(channel, "botToken");
  const file = await providerCall<{ ok?: boolean; result?: { file_path?: string } }>(
    `${providerUrl(env.TELEGRAM_API_BASE_URL, `bot${token}`, "getFile")}?file_id=${encodeURIComponent(ref.fileId)}`,
    {},
    allowPrivate,
  );
  const path = file.result?.file_path;
  if (!file.ok || !path) throw new Error("Telegram gave no file path");
  return download(env, `${providerUrl(env.TELEGRAM_API_BASE_URL, "file", `bot${token}`)}/${path}`, {});
}

/**
 * Fetches a customer's attachment from the provider and stores it in R2. An attachment that is too
 * large or cannot be fetched is recorded as such: the message still reaches the conversation, and
 * the assistant says it cannot open it and hands over.
 */
export async function fetchAttachment(
  env: ChannelsEnv,
  channel: LoadedChannel,
  ref: MediaRef,
): Promise<StoredAttachment> {
  try {
    const bytes = await bytesOf(env, channel, ref);
    if (bytes === "too-large") return unstored(ref.type, "too-large", maxAttachmentBytes(env) + 1);
    return await storeAttachment(env, channel, bytes, {
      type: ref.type,
      filename: "filename" in ref ? ref.filename : undefined,
    });
  } catch (error) {
    console.error(JSON.stringify({ error: "attachment-fetch-failed", channelId: channel.id, ...errorForLog(error) }));
    return unstored(ref.type, "unavailable");
  }
}
