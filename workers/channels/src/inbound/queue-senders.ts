import type { SenderWork } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

/**
 * Asks the consumer to work through these senders' waiting messages. If the queue cannot take them
 * the claims still wait, and the inbox's alarm (or the sweep) queues them again: nothing claimed is
 * ever lost.
 */
export async function queueSenders(env: ChannelsEnv, work: SenderWork[]): Promise<void> {
  if (work.length === 0) return;
  try {
    await env.CHANNEL_INBOUND.sendBatch(work.map((body) => ({ body, contentType: "json" })));
  } catch (error) {
    console.error(JSON.stringify({ error: "queue-send-failed", senders: work.length, message: String(error) }));
  }
}
