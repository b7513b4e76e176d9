import { webhooksContract } from "@frontdesk/contracts/webhooks";
import { errorForLog } from "@frontdesk/db";
import { rpcClient } from "@frontdesk/http";
import type { enqueueWebhook } from "@frontdesk/webhooks";
import type { ChatEnv } from "../env.ts";

export interface QueuedWebhook {
  /** The outbox insert: put it in the same batch as the change it reports. */
  statement: ReturnType<typeof enqueueWebhook>["statement"];
  messageId: string;
}

/** The message ids whose outbox insert wrote a row (an organization without endpoints writes none). */
export function writtenWebhooks(queued: QueuedWebhook[], results: unknown[]): string[] {
  return queued.flatMap((webhook, index) => {
    const result = results[index] as { rowCount?: number | null } | undefined;
    return (result?.rowCount ?? 0) > 0 ? [webhook.messageId] : [];
  });
}

/**
 * Asks the worker that owns outgoing webhooks to send what a committed change queued (without ids:
 * whatever the organization has due, for webhooks a database trigger queued). A failure here loses
 * nothing: the deliveries wait in the outbox and the bookings cron sends them.
 */
export async function deliverWebhooks(env: ChatEnv, organizationId: string, messageIds?: string[]): Promise<void> {
  if (messageIds?.length === 0) return;
  try {
    await rpcClient(webhooksContract, env.WEBHOOKS).deliver({ organizationId, ...(messageIds ? { messageIds } : {}) });
  } catch (error) {
    console.error(JSON.stringify({ error: "webhook-dispatch-failed", retry: "cron", ...errorForLog(error) }));
  }
}
