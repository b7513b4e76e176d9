import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { sendOnChannel } from "../outbound/channel-outbound.ts";

/**
 * A person opened the conversation: the customer's unread messages are read now, and the provider
 * is told (WhatsApp shows the customer its blue ticks). Answers how many became read.
 */
export async function markRead(env: ChatEnv, organizationId: string, conversationId: string): Promise<number> {
  const result = await createDb(env).execute<{ external_message_id: string | null }>(sql`
    update messages set is_read = true, read_at = now()
    where organization_id = ${organizationId} and conversation_id = ${conversationId}
      and direction = 'inbound' and not is_read
    returning external_message_id`);
  const externalMessageIds = result.rows.flatMap((row) => (row.external_message_id ? [row.external_message_id] : []));
  if (externalMessageIds.length > 0) {
    await sendOnChannel(env, {
      kind: "read",
      organizationId,
      conversationId,
      externalMessageIds: externalMessageIds.slice(-100),
    });
  }
  return result.rows.length;
}
