import { chatContract } from "@frontdesk/contracts/chat";
import { rpcClient, valueOrThrow } from "@frontdesk/http";
import type { LoadedChannel, Reaction, StatusUpdate } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

/** Delivery statuses of our replies; out-of-order ones never move a message backwards (chat enforces it). */
export async function recordStatuses(env: ChannelsEnv, channel: LoadedChannel, updates: StatusUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  valueOrThrow(
    await rpcClient(chatContract, env.CHAT).recordDeliveries({
      organizationId: channel.organizationId,
      channelId: channel.id,
      updates,
    }),
  );
}

/** Customers' reactions, stored on the messages they react to: acknowledged, never a turn. */
export async function recordReactions(env: ChannelsEnv, channel: LoadedChannel, reactions: Reaction[]): Promise<void> {
  if (reactions.length === 0) return;
  valueOrThrow(
    await rpcClient(chatContract, env.CHAT).recordReactions({
      organizationId: channel.organizationId,
      channelId: channel.id,
      reactions,
    }),
  );
}
