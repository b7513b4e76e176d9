import { type Database, postgresErrorCode, schema } from "@frontdesk/db";
import type { ticketPriorities } from "@frontdesk/db/schema";
import { actorLabel, type ForwardedIdentity, findOwned, ownedBy, ProblemError } from "@frontdesk/http";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { and, eq, sql } from "drizzle-orm";
import { assertTicketTransition, type TicketStatus } from "./transitions.ts";
import { type TicketRow, toTicket } from "./view.ts";

/** Who the status-history trigger records, and the comment it stores: set for this transaction only. */
const statusContext = (db: Database, identity: ForwardedIdentity, comment: string | null) =>
  db.execute(
    sql`select set_config('frontdesk.actor', ${actorLabel(identity)}, true), set_config('frontdesk.status_comment', ${comment ?? ""}, true)`,
  );

export interface NewTicket {
  customerId: string;
  conversationId: string | null;
  subject: string;
  description: string | null;
  priority: (typeof ticketPriorities)[number];
  category: string | null;
  assignedToUserId: string | null;
}

/** Creates the ticket, its first status-history row (the trigger) and its webhook in one transaction. */
export async function insertTicket(
  db: Database,
  identity: ForwardedIdentity,
  ticket: NewTicket,
): Promise<{ row: TicketRow; messageId: string }> {
  const id = crypto.randomUUID();
  const organizationId = identity.organizationId;
  const now = new Date();
  const values = {
    id,
    organizationId,
    ...ticket,
    createdByUserId: identity.principal === "user" ? identity.subjectId : null,
  };
  const projected: TicketRow = {
    ...values,
    externalId: null,
    status: "new",
    resolvedAt: null,
    closedAt: null,
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
  const webhook = enqueueWebhook(db, organizationId, "ticket.created", { ticket: toTicket(projected) });
  try {
    const [, [row]] = await db.batch([
      statusContext(db, identity, "created"),
      db.insert(schema.tickets).values(values).returning(),
      webhook.statement,
    ]);
    if (!row) throw new Error("insert returned no row");
    return { row, messageId: webhook.messageId };
  } catch (error) {
    if (postgresErrorCode(error) === "23503") {
      throw new ProblemError(
        "validation-failed",
        "The customer, conversation or assignee is not in this organization.",
      );
    }
    throw error;
  }
}

export const findTicket = (db: Database, organizationId: string, id: string): Promise<TicketRow> =>
  findOwned(db, schema.tickets, id, organizationId, "ticket");

/**
 * Moves a ticket to `status` (checked against the status machine), guarded by the status read, so
 * two agents changing it at once cannot both win; the trigger writes the history row.
 */
export async function changeTicketStatus(
  db: Database,
  identity: ForwardedIdentity,
  current: TicketRow,
  status: TicketStatus,
  comment: string | null,
): Promise<{ row: TicketRow; messageId: string }> {
  assertTicketTransition(current.status, status);
  const t = schema.tickets;
  const now = new Date();
  const changes = {
    status,
    ...(status === "resolved" ? { resolvedAt: now } : {}),
    ...(status === "closed" ? { closedAt: now } : {}),
    ...(status === "reopened" ? { resolvedAt: null, closedAt: null } : {}),
  };
  const webhook = enqueueWebhook(
    db,
    current.organizationId,
    "ticket.status_changed",
    { ticket: toTicket({ ...current, ...changes, updatedAt: now }), previousStatus: current.status },
    sql`exists (select 1 from tickets where id = ${current.id} and status = ${status} and updated_at = now())`,
  );
  const [, [row]] = await db.batch([
    statusContext(db, identity, comment),
    db
      .update(t)
      .set(changes)
      .where(and(ownedBy(t, current.id, current.organizationId), eq(t.status, current.status)))
      .returning(),
    webhook.statement,
  ]);
  if (!row)
    throw new ProblemError("conflict", "The ticket changed while this request was being handled; read it again.");
  return { row, messageId: webhook.messageId };
}
