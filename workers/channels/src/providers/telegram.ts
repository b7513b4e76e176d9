import { allowsPrivateUrls, constantTimeEqual, providerUrl } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { type ChannelAdapter, duplicateAnswer, parseJson } from "../channel/adapter.ts";
import { credential } from "../channel/load.ts";
import { providerCall } from "../channel/provider-call.ts";
import type { InboundMessage, LoadedChannel, Reaction } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

// Chat and user ids can exceed 2^53 in principle: numbers are read as written, kept as strings.
const id = z.union([z.number(), z.string()]).transform(String);

const telegramFile = z.object({
  file_id: z.string(),
  file_size: z.number().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
});

const update = z.object({
  update_id: id,
  message: z
    .object({
      message_id: id,
      from: z
        .object({
          id,
          first_name: z.string().optional(),
          last_name: z.string().optional(),
          username: z.string().optional(),
        })
        .optional(),
      chat: z.object({ id }),
      text: z.string().optional(),
      caption: z.string().optional(),
      photo: z.array(telegramFile).optional(),
      voice: telegramFile.optional(),
      audio: telegramFile.optional(),
      video: telegramFile.optional(),
      document: telegramFile.optional(),
    })
    .optional(),
  // A 👍 on a message (Telegram sends the person's whole new set; empty: taken back).
  message_reaction: z
    .object({
      chat: z.object({ id }),
      message_id: id,
      user: z.object({ id }).optional(),
      new_reaction: z.array(z.object({ type: z.string(), emoji: z.string().optional() })),
    })
    .optional(),
});

/**
 * A Telegram update: text messages are answered, reactions stored on the message they react to;
 * every update id is still deduplicated.
 */
export function parseTelegram(
  body: unknown,
): { updateId: string; message?: InboundMessage; reaction?: Reaction } | undefined {
  const parsed = update.safeParse(body);
  if (!parsed.success) return undefined;
  const { update_id, message, message_reaction } = parsed.data;
  if (message_reaction) {
    const emoji = message_reaction.new_reaction.find((reaction) => reaction.type === "emoji")?.emoji ?? "";
    return {
      updateId: update_id,
      reaction: {
        externalMessageId: `${message_reaction.chat.id}:${message_reaction.message_id}`,
        emoji,
        by: message_reaction.user?.id ?? message_reaction.chat.id,
      },
    };
  }
  // The largest size of a photo comes last; voice notes, audio, video and documents are one file.
  const file =
    message?.photo?.at(-1) ?? message?.voice ?? message?.audio ?? message?.video ?? message?.document ?? undefined;
  const text = message?.text ?? message?.caption;
  if (!message || (!text && !file)) return { updateId: update_id };
  const name = [message.from?.first_name, message.from?.last_name].filter(Boolean).join(" ") || message.from?.username;
  return {
    updateId: update_id,
    message: {
      // Message ids are per chat, so the chat id is part of the key.
      externalId: `${message.chat.id}:${message.message_id}`,
      sender: { id: message.from?.id ?? message.chat.id, name },
      content: text ?? "",
      replyTo: message.chat.id,
      ...(file
        ? {
            media: {
              source: "telegram" as const,
              fileId: file.file_id,
              // Telegram's photos are JPEG; other files say their type.
              ...(file.mime_type ? { type: file.mime_type } : message.photo ? { type: "image/jpeg" } : {}),
              ...(file.file_name ? { filename: file.file_name } : {}),
            },
          }
        : {}),
    },
  };
}

const botUrl = (env: ChannelsEnv, channel: LoadedChannel, method: string) =>
  providerUrl(env.TELEGRAM_API_BASE_URL, `bot${credential(channel, "botToken")}`, method);

/** The Telegram Bot API. */
export const telegram: ChannelAdapter = {
  provider: "telegram",
  /** `POST <api base>/bot<token>/sendMessage`. */
  async send(env, channel, to, text) {
    const sent = await providerCall<{ ok: boolean; result?: { message_id: number; chat: { id: number | string } } }>(
      botUrl(env, channel, "sendMessage"),
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: to, text }),
      },
      allowsPrivateUrls(env),
    );
    if (!sent.ok || !sent.result) throw new Error("Telegram did not accept the message");
    return `${sent.result.chat.id}:${sent.result.message_id}`;
  },
  /** A file id, exchanged through getFile for a path under the bot's file URL. */
  async locateMedia(env, channel, ref) {
    if (ref.source !== "telegram") throw new Error(`a ${ref.source} attachment on a Telegram message`);
    const file = await providerCall<{ ok?: boolean; result?: { file_path?: string } }>(
      `${botUrl(env, channel, "getFile")}?file_id=${encodeURIComponent(ref.fileId)}`,
      {},
      allowsPrivateUrls(env),
    );
    const path = file.result?.file_path;
    if (!file.ok || !path) throw new Error("Telegram gave no file path");
    const token = credential(channel, "botToken");
    return { url: `${providerUrl(env.TELEGRAM_API_BASE_URL, "file", `bot${token}`)}/${path}`, headers: {} };
  },
  webhook: {
    channelTypes: ["telegram"],
    async verify(channel, request) {
      const token = request.headers.get("x-telegram-bot-api-secret-token") ?? "";
      return constantTimeEqual(token, credential(channel, "secretToken"))
        ? undefined
        : "X-Telegram-Bot-Api-Secret-Token does not match.";
    },
    parse(body) {
      const update = parseTelegram(parseJson(body));
      if (!update) return undefined;
      return {
        messages: update.message ? [update.message] : [],
        statuses: [],
        reactions: update.reaction ? [update.reaction] : [],
      };
    },
    expects: "a Telegram update",
    acknowledge: duplicateAnswer,
  },
};
