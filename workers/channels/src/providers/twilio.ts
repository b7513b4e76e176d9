import { allowsPrivateUrls, providerUrl } from "@frontdesk/http";
import type { ChannelsEnv } from "../env.ts";
import { credential } from "../inbound/load-channel.ts";
import type { DeliveryStatus, InboundMessage, LoadedChannel, SendReply, StatusUpdate } from "../inbound/types.ts";
import { providerCall } from "./provider-call.ts";

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

/** `POST <api base>/2010-04-01/Accounts/<AccountSid>/Messages.json`, form-encoded, Basic auth. */
export const sendTwilio =
  (env: ChannelsEnv): SendReply =>
  async (channel: LoadedChannel, to: string, text: string) => {
    const accountSid = String(channel.config.accountSid ?? "");
    const from = String(channel.config.from ?? "");
    const sent = await providerCall<{ sid?: string }>(
      providerUrl(env.TWILIO_API_BASE_URL, "2010-04-01", "Accounts", accountSid, "Messages.json"),
      {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${accountSid}:${credential(channel, "authToken")}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ To: to, From: from, Body: text }),
      },
      allowsPrivateUrls(env),
    );
    if (!sent.sid) throw new Error("Twilio answered without a message sid");
    return sent.sid;
  };
