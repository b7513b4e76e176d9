import { webhooksContract } from "@frontdesk/contracts/webhooks";
import type { Database } from "@frontdesk/db";
import { errorForLog } from "@frontdesk/db";
import { rpcClient } from "@frontdesk/http";
import { enqueueWebhook, type WebhookEventType } from "@frontdesk/webhooks";
import type { SQL } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";

export interface QueuedWebhook {
  /** The outbox insert: put it in the same batch as the change it reports. */
  statement: ReturnType<typeof enqueueWebhook>["statement"];
  messageId: string;
}

/** A conversation event for the organization's subscribed endpoints (nothing is queued without one). */
export function conversationWebhook(
  db: Database,
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  onlyIf?: SQL,
): QueuedWebhook {
  return enqueueWebhook(db, organizationId, type, data, onlyIf);
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
