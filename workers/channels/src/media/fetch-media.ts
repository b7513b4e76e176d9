import type { StoredAttachment } from "@frontdesk/contracts/chat";
import { errorForLog } from "@frontdesk/db";
import { allowsPrivateUrls, fetchPublic } from "@frontdesk/http";
import type { ChannelAdapter, MediaLocation } from "../channel/adapter.ts";
import { resolveAddresses } from "../channel/dns.ts";
import type { LoadedChannel, MediaRef } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { maxAttachmentBytes, readLimited, storeAttachment, unstored } from "./store.ts";

/** The providers' API origins the operator configured: trusted as they are (their media links are not). */
const providerOrigins = (env: ChannelsEnv) =>
  [env.WHATSAPP_API_BASE_URL, env.TWILIO_API_BASE_URL, env.TELEGRAM_API_BASE_URL].flatMap((base) =>
    URL.canParse(base) ? [new URL(base).origin] : [],
  );

/**
 * Downloads a media URL a provider handed us, refusing what is too large: never into a private
 * network (the host's resolved addresses included), and each redirect checked the same way.
 */
async function download(env: ChannelsEnv, { url, headers }: MediaLocation): Promise<Uint8Array | "too-large"> {
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

/**
 * Fetches a customer's attachment from the provider and stores it in R2. An attachment that is too
 * large or cannot be fetched is recorded as such: the message still reaches the conversation, and
 * the assistant says it cannot open it and hands over.
 */
export async function fetchAttachment(
  env: ChannelsEnv,
  channel: LoadedChannel,
  adapter: ChannelAdapter,
  ref: MediaRef,
): Promise<StoredAttachment> {
  try {
    if (!adapter.locateMedia) throw new Error(`${adapter.provider} messages carry no attachments to fetch`);
    const bytes = await download(env, await adapter.locateMedia(env, channel, ref));
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
