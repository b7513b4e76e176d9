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

/**
 * The assistant acts for the customer it is talking to, never beyond: a booking or ticket id it
 * was given (a customer can type any id) must belong to this conversation's customer, or it is
 * "not found". API keys and staff are bound by their scopes and tenant only.
 */
export async function assertAssistantMayTouch(
  context: ToolContext,
  kind: "booking" | "ticket",
  id: string,
): Promise<void> {
  if (context.identity.principal !== "assistant") return;
  const customer = await conversationCustomer(context);
  const table = kind === "booking" ? schema.bookings : schema.tickets;
  const [row] = customer
    ? await context.db
        .select({ customerId: table.customerId })
        .from(table)
        .where(ownedBy(table, id, context.identity.organizationId))
    : [];
  if (!customer || row?.customerId !== customer.customerId)
    throw new ProblemError("not-found", `No such ${kind} for the customer of this conversation.`);
}
