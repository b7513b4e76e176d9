import { type Attribution, attribution } from "@frontdesk/contracts/attribution";
import { allowsPrivateUrls, constantTimeEqual, hmacSha256Hex, ProblemError, providerUrl } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { type ChannelAdapter, type Delivery, parseJson } from "../channel/adapter.ts";
import { credential } from "../channel/load.ts";
import { providerCall } from "../channel/provider-call.ts";
import type { InboundMessage, LoadedChannel, Reaction, ReplyEnvelope, StatusUpdate } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

/** An image, voice note, video, document or sticker: a media id to fetch through the Graph API. */
const whatsappMedia = z.object({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});
const mediaTypes = ["image", "audio", "video", "document", "sticker"] as const;

/** The parts of a WhatsApp Cloud API delivery we act on; everything else is ignored. */
const delivery = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
            metadata: z.object({ phone_number_id: z.string() }).partial().optional(),
            contacts: z
              .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).partial().optional() }))
              .optional(),
            messages: z
              .array(
                z.object({
                  id: z.string(),
                  from: z.string(),
                  type: z.string(),
                  text: z.object({ body: z.string() }).optional(),
                  image: whatsappMedia.optional(),
                  audio: whatsappMedia.optional(),
                  video: whatsappMedia.optional(),
                  document: whatsappMedia.optional(),
                  sticker: whatsappMedia.optional(),
                  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
                  // A Click-to-WhatsApp ad's first message says which ad was clicked.
                  referral: z
                    .object({
                      source_id: z.string(),
                      source_type: z.string(),
                      source_url: z.string(),
                      headline: z.string(),
                      ctwa_clid: z.string(),
                    })
                    .partial()
                    .optional(),
                }),
              )
              .optional(),
            statuses: z
              .array(
                z.object({
                  id: z.string(),
                  status: z.enum(["sent", "delivered", "read", "failed"]),
                  errors: z
                    .array(z.object({ code: z.number().optional(), title: z.string().optional() }).partial())
                    .optional(),
                }),
              )
              .optional(),
          }),
        }),
      ),
    }),
  ),
});

/** A referral's fields as attribution: only those that are well-formed (a bad one never drops the message). */
function referralOf(referral: Record<string, string | undefined> | undefined): { attribution?: Attribution } {
  if (!referral) return {};
  const fields = Object.fromEntries(
    Object.entries(referral).filter(([, value]) => attribution.shape.source_id.safeParse(value).success),
  );
  const parsed = attribution.safeParse(fields);
  return parsed.success && Object.keys(parsed.data).length > 0 ? { attribution: parsed.data } : {};
}

export function parseWhatsApp(body: unknown): Delivery | undefined {
  const parsed = delivery.safeParse(body);
  if (!parsed.success) return undefined;
  const messages: InboundMessage[] = [];
  const statuses: StatusUpdate[] = [];
  const reactions: Reaction[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const names = new Map((change.value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const message of change.value.messages ?? []) {
        if (message.type === "reaction" && message.reaction) {
          const { message_id, emoji } = message.reaction;
          reactions.push({ externalMessageId: message_id, emoji: emoji ?? "", by: message.from });
          continue;
        }
        const mediaType = mediaTypes.find((type) => type === message.type);
        const media = mediaType ? message[mediaType] : undefined;
        const text = message.type === "text" ? message.text?.body : media?.caption;
        // Locations, contacts and other types carry nothing to answer or keep: acknowledged only.
        if (!text && !media) continue;
        messages.push({
          externalId: message.id,
          sender: { id: message.from, name: names.get(message.from), phone: `+${message.from}` },
          content: text ?? "",
          replyTo: message.from,
          ...(media
            ? {
                media: {
                  source: "whatsapp" as const,
                  id: media.id,
                  ...(media.mime_type ? { type: media.mime_type } : {}),
                  ...(media.filename ? { filename: media.filename } : {}),
                },
              }
            : {}),
          ...referralOf(message.referral),
        });
      }
      for (const status of change.value.statuses ?? []) {
        const error = status.errors?.map((e) => [e.code, e.title].filter(Boolean).join(" ")).join("; ");
        statuses.push({ externalMessageId: status.id, status: status.status, ...(error ? { error } : {}) });
      }
    }
  }
  return { messages, statuses, reactions };
}

/** Meta: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export async function verifyMetaSignature(
  appSecret: string,
  header: string | undefined,
  rawBody: string,
): Promise<boolean> {
  if (!header?.startsWith("sha256=")) return false;
  return constantTimeEqual(header, `sha256=${await hmacSha256Hex(appSecret, rawBody)}`);
}

const messagesUrl = (env: ChannelsEnv, channel: LoadedChannel) =>
  providerUrl(env.WHATSAPP_API_BASE_URL, String(channel.config.phoneNumberId ?? ""), "messages");
const bearer = (channel: LoadedChannel) => ({ authorization: `Bearer ${credential(channel, "accessToken")}` });

/** A template when the envelope names one (outside the 24-hour window), else free text. */
function messageBody(to: string, text: string, envelope: Partial<ReplyEnvelope>) {
  if (!envelope.template) return { messaging_product: "whatsapp", to, type: "text", text: { body: text } };
  const { name, language, parameters } = envelope.template;
  return {
    messaging_product: "whatsapp",
    to,
    type: "template",
    template: {
      name,
      language: { code: language },
      components:
        parameters.length > 0
          ? [{ type: "body", parameters: parameters.map((value) => ({ type: "text", text: value })) }]
          : [],
    },
  };
}

/** The WhatsApp Cloud API (Meta's Graph API). */
export const whatsapp: ChannelAdapter = {
  provider: "whatsapp",
  /** `POST <graph base>/<phone_number_id>/messages` with the channel's access token. */
  async send(env, channel, to, text, envelope) {
    const sent = await providerCall<{ messages?: { id: string }[] }>(
      messagesUrl(env, channel),
      {
        method: "POST",
        headers: { ...bearer(channel), "content-type": "application/json" },
        body: JSON.stringify(messageBody(to, text, envelope)),
      },
      allowsPrivateUrls(env),
    );
    const id = sent.messages?.[0]?.id;
    if (!id) throw new Error("WhatsApp answered without a message id");
    return id;
  },
  /** A media id is exchanged for a short-lived URL, read with the same access token. */
  async locateMedia(env, channel, ref) {
    if (ref.source !== "whatsapp") throw new Error(`a ${ref.source} attachment on a WhatsApp message`);
    const media = await providerCall<{ url?: string }>(
      providerUrl(env.WHATSAPP_API_BASE_URL, ref.id),
      { headers: bearer(channel) },
      allowsPrivateUrls(env),
    );
    if (!media.url) throw new Error("WhatsApp gave no media URL");
    return { url: media.url, headers: bearer(channel) };
  },
  /** `{"status":"read","message_id"}` per message: the customer sees their messages read. */
  async markRead(env, channel, externalMessageIds) {
    for (const messageId of externalMessageIds) {
      await providerCall(
        messagesUrl(env, channel),
        {
          method: "POST",
          headers: { ...bearer(channel), "content-type": "application/json" },
          body: JSON.stringify({ messaging_product: "whatsapp", status: "read", message_id: messageId }),
        },
        allowsPrivateUrls(env),
      );
    }
  },
  webhook: {
    channelTypes: ["whatsapp"],
    /** The subscription handshake: echo the challenge when the verify token matches. */
    handshake(channel, query) {
      const token = query.get("hub.verify_token") ?? "";
      if (query.get("hub.mode") !== "subscribe" || !constantTimeEqual(token, credential(channel, "verifyToken"))) {
        throw new ProblemError("forbidden", "The verify token does not match.");
      }
      return query.get("hub.challenge") ?? "";
    },
    async verify(channel, request) {
      const header = request.headers.get("x-hub-signature-256") ?? undefined;
      return (await verifyMetaSignature(credential(channel, "appSecret"), header, request.body))
        ? undefined
        : "X-Hub-Signature-256 does not match the body.";
    },
    parse: (body) => parseWhatsApp(parseJson(body)),
    expects: "a WhatsApp Cloud API delivery",
    acknowledge: ({ received, statuses, reactions, senders }) =>
      Response.json({ received, statuses, reactions, senders }),
  },
};
