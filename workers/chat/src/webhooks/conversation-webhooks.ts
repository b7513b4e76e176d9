import { webhooksContract } from "@frontdesk/contracts/webhooks";
import { errorForLog } from "@frontdesk/db";
import { rpcClient } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";

/** The message ids an outbox insert queued deliveries for (an organization without endpoints queues none). */
export const queuedMessageIds = (result: { rows: { message_id: string }[] }): string[] => [
  ...new Set(result.rows.map((row) => row.message_id)),
];

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
