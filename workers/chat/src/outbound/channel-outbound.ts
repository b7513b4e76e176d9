import { type ChannelOutbound, channelOutbound, type templateSend } from "@frontdesk/contracts/channel-outbound";
import { errorForLog } from "@frontdesk/db";
import type * as z from "@frontdesk/http/zod";
import type { ChatEnv } from "../env.ts";

export type TemplateSend = z.infer<typeof templateSend>;

/**
 * Asks the channels worker to act on the conversation's provider channel (send a person's message,
 * or a read receipt). A conversation on the web widget or the API has no provider: the channels
 * worker finds no route for it and lets the message go.
 */
export async function sendOnChannel(env: ChatEnv, work: ChannelOutbound): Promise<void> {
  await env.CHANNEL_OUTBOUND.send(channelOutbound.parse(work), { contentType: "json" });
}

/** A person's message, stored already, to its provider: a queue that cannot take it now is logged (it shows as pending). */
export async function sendPersonMessage(
  env: ChatEnv,
  work: Omit<Extract<ChannelOutbound, { kind: "send" }>, "kind">,
): Promise<void> {
  await sendOnChannel(env, { kind: "send", ...work }).catch((error: unknown) =>
    console.error(
      JSON.stringify({ error: "channel-send-not-queued", messageId: work.messageId, ...errorForLog(error) }),
    ),
  );
}
