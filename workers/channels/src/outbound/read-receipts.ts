import { errorForLog } from "@frontdesk/db";
import type { ChannelAdapter } from "../channel/adapter.ts";
import type { LoadedChannel } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

/**
 * Tells the provider the customer's messages were read, where it has read receipts (WhatsApp). A
 * receipt is a courtesy, so a failure is logged, never retried.
 */
export async function sendReadReceipts(
  env: ChannelsEnv,
  channel: LoadedChannel,
  adapter: ChannelAdapter,
  externalMessageIds: string[],
): Promise<void> {
  if (!adapter.markRead || externalMessageIds.length === 0) return;
  try {
    await adapter.markRead(env, channel, externalMessageIds);
  } catch (error) {
    console.warn(JSON.stringify({ warning: "read-receipt-failed", channelId: channel.id, ...errorForLog(error) }));
  }
}
