import { type ChannelOutbound, channelOutbound, type templateSend } from "@frontdesk/contracts/channel-outbound";
import type { z } from "zod";
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
