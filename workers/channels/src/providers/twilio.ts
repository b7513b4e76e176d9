import { allowsPrivateUrls, constantTimeEqual, hmac, providerUrl, sha256Hex } from "@frontdesk/http";
import type { ChannelAdapter } from "../channel/adapter.ts";
import { credential } from "../channel/load.ts";
import { providerCall } from "../channel/provider-call.ts";
import type { DeliveryStatus, InboundMessage, LoadedChannel, StatusUpdate } from "../channel/types.ts";

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

// Twilio's message statuses, mapped onto ours (queued/accepted/sending are still on their way).
const statusMap: Record<string, DeliveryStatus> = {
  queued: "pending",
  accepted: "pending",
  sending: "pending",
  sent: "sent",
  delivered: "delivered",
  read: "read",
  undelivered: "failed",
  failed: "failed",
};

/** A Twilio webhook's form parameters: an inbound SMS/WhatsApp message, or a status callback. */
export function parseTwilio(params: URLSearchParams): { message?: InboundMessage; status?: StatusUpdate } {
  const sid = params.get("MessageSid") ?? params.get("SmsSid");
  if (!sid) return {};
  const callbackStatus = params.get("MessageStatus");
  const body = params.get("Body");
  if (callbackStatus && body === null) {
    const status = statusMap[callbackStatus];
    return status ? { status: { externalMessageId: sid, status } } : {};
  }
  const from = params.get("From") ?? "";
  // MMS: the first of NumMedia attachments is kept with the message (the text is its caption).
  const mediaUrl = Number(params.get("NumMedia") ?? 0) > 0 ? params.get("MediaUrl0") : null;
  if (!from || (!body && !mediaUrl)) return {};
  const phone = from.replace(/^whatsapp:/, "");
  const mediaType = params.get("MediaContentType0");
  return {
    message: {
      externalId: sid,
      sender: { id: from, phone, name: params.get("ProfileName") ?? undefined },
      content: body ?? "",
      replyTo: from,
      ...(mediaUrl
        ? { media: { source: "twilio" as const, url: mediaUrl, ...(mediaType ? { type: mediaType } : {}) } }
        : {}),
    },
  };
}

/** The URL variants Twilio's own validator accepts: as is, without the port, with the scheme's default port. */
function twilioUrlVariants(url: string): string[] {
  const parsed = new URL(url);
  const withoutPort = new URL(url);
  withoutPort.port = "";
  const withPort = new URL(url);
  const defaultPort = parsed.protocol === "https:" ? "443" : "80";
  const variants = [url, withoutPort.toString()];
  // URL drops a default port on assignment, so the explicit form is spliced in by hand.
  if (!parsed.port) variants.push(withPort.toString().replace(parsed.host, `${parsed.hostname}:${defaultPort}`));
  return [...new Set(variants)];
}

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 (auth token) of the URL Twilio called, followed by
 * every POST parameter's name and value sorted by name. JSON bodies instead carry `bodySHA256` in
 * the URL, which must match the body, and the signature covers the URL alone.
 */
export async function verifyTwilioSignature(
  authToken: string,
  header: string | undefined,
  url: string,
  rawBody: string,
  contentType: string,
): Promise<boolean> {
  if (!header) return false;
  const isForm = contentType.includes("application/x-www-form-urlencoded");
  let signed = "";
  if (isForm) {
    const params = [...new URLSearchParams(rawBody)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    signed = params.map(([name, value]) => `${name}${value}`).join("");
  } else {
    const bodyHash = new URL(url).searchParams.get("bodySHA256");
    if (!bodyHash || !constantTimeEqual(bodyHash, await sha256Hex(rawBody))) return false;
  }
  for (const variant of twilioUrlVariants(url)) {
    if (constantTimeEqual(header, base64(await hmac("SHA-1", authToken, `${variant}${signed}`)))) return true;
  }
  return false;
}

const basicAuth = (channel: LoadedChannel) =>
  `Basic ${btoa(`${String(channel.config.accountSid ?? "")}:${credential(channel, "authToken")}`)}`;

/** Twilio's Messaging API: SMS, MMS and WhatsApp through Twilio. */
export const twilio: ChannelAdapter = {
  provider: "twilio",
  /** `POST <api base>/2010-04-01/Accounts/<AccountSid>/Messages.json`, form-encoded, Basic auth. */
  async send(env, channel, to, text) {
    const accountSid = String(channel.config.accountSid ?? "");
    const from = String(channel.config.from ?? "");
    const sent = await providerCall<{ sid?: string }>(
      providerUrl(env.TWILIO_API_BASE_URL, "2010-04-01", "Accounts", accountSid, "Messages.json"),
      {
        method: "POST",
        headers: { authorization: basicAuth(channel), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ To: to, From: from, Body: text }),
      },
      allowsPrivateUrls(env),
    );
    if (!sent.sid) throw new Error("Twilio answered without a message sid");
    return sent.sid;
  },
  /** MediaUrl0, read with the account's Basic auth. */
  async locateMedia(_env, channel, ref) {
    if (ref.source !== "twilio") throw new Error(`a ${ref.source} attachment on a Twilio message`);
    return { url: ref.url, headers: { authorization: basicAuth(channel) } };
  },
  webhook: {
    channelTypes: ["sms", "whatsapp"],
    async verify(channel, request) {
      const authToken = credential(channel, "authToken");
      const signature = request.headers.get("x-twilio-signature") ?? undefined;
      const contentType = request.headers.get("content-type") ?? "";
      // Behind a proxy the public URL Twilio signed may differ from ours: the channel can name it.
      const publicUrl = typeof channel.config.webhookUrl === "string" ? channel.config.webhookUrl : undefined;
      const urls = [request.url, ...(publicUrl ? [`${publicUrl}${new URL(request.url).search}`] : [])];
      for (const url of urls) {
        if (await verifyTwilioSignature(authToken, signature, url, request.body, contentType)) return undefined;
      }
      return "X-Twilio-Signature does not match the request.";
    },
    parse(body) {
      const { message, status } = parseTwilio(new URLSearchParams(body));
      return { messages: message ? [message] : [], statuses: status ? [status] : [], reactions: [] };
    },
    expects: "a Twilio webhook",
    // The reply goes out through the API, so the TwiML answer is empty.
    acknowledge: () =>
      new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', {
        headers: { "content-type": "text/xml" },
      }),
  },
};
