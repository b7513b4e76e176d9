import { schema } from "@frontdesk/db";
import { ownedBy, ProblemError } from "@frontdesk/http";
import type { ToolContext } from "../registry/tool.ts";

/** The customer and channel of the conversation the tool runs in; 404 for another tenant's id. */
export async function conversationCustomer(
  context: ToolContext,
): Promise<{ customerId: string; channelId: string | null } | undefined> {
  if (!context.conversationId) return undefined;
  const c = schema.conversations;
  const [row] = await context.db
    .select({ customerId: c.customerId, channelId: c.channelId })
    .from(c)
    .where(ownedBy(c, context.conversationId, context.identity.organizationId));
  if (!row) throw new ProblemError("not-found", "No such conversation in this organization.");
  return row;
}
