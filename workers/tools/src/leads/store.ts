import { type Database, schema } from "@frontdesk/db";
import { actorOf, auditEntry, type ForwardedIdentity, findOwned, ownedBy, ProblemError } from "@frontdesk/http";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { and, eq, sql } from "drizzle-orm";
import { assertLeadTransition, type LeadStatus } from "./transitions.ts";

type LeadRow = typeof schema.leads.$inferSelect;

export interface LeadChanges {
  status?: LeadStatus | undefined;
  ownerUserId?: string | null | undefined;
  notes?: string | null | undefined;
}

/** The lead as webhooks carry it: its state, not the person's contact details. */
const leadEvent = (row: LeadRow) => ({
  id: row.id,
  customerId: row.customerId,
  conversationId: row.conversationId,
  status: row.status,
  ownerUserId: row.ownerUserId,
  sourceIntent: row.sourceIntent,
});

/**
 * Moves a lead on and records it, all in one transaction: the change (guarded by the status it was
 * read in, so two racing moves cannot both win), an analytics event, a `lead.*` webhook and the
 * audit row. Answers with the lead and the webhook's message id.
 */
export async function changeLead(
  db: Database,
  request: Headers,
  identity: ForwardedIdentity,
  id: string,
  changes: LeadChanges,
): Promise<{ row: LeadRow; messageId: string }> {
  const l = schema.leads;
  const organizationId = identity.organizationId;
  const current = await findOwned(db, l, id, organizationId, "lead");
  const moving = changes.status !== undefined && changes.status !== current.status;
  if (moving && changes.status) assertLeadTransition(current.status, changes.status);
  const next: LeadRow = {
    ...current,
    ...(changes.status ? { status: changes.status } : {}),
    ...(changes.ownerUserId === undefined ? {} : { ownerUserId: changes.ownerUserId }),
    ...(changes.notes === undefined ? {} : { notes: changes.notes }),
    updatedAt: new Date(),
  };
  const eventType = moving ? "lead_status_changed" : "lead_updated";
  const detail = moving ? { from: current.status, to: next.status } : { fields: Object.keys(changes) };
  const webhook = enqueueWebhook(
    db,
    organizationId,
    moving ? "lead.status_changed" : "lead.updated",
    { lead: leadEvent(next), ...detail },
    sql`exists (select 1 from leads where id = ${id} and updated_at = now())`,
  );
  const [[row]] = await db.batch([
    db
      .update(l)
      .set({ status: next.status, ownerUserId: next.ownerUserId, notes: next.notes, updatedAt: sql`now()` })
      .where(and(ownedBy(l, id, organizationId), eq(l.status, current.status)))
      .returning(),
    webhook.statement,
    db.execute(sql`
      insert into analytics_events (organization_id, kind, event_type, customer_id, conversation_id, properties)
      select organization_id, 'system', ${eventType}, customer_id, conversation_id,
        ${JSON.stringify({ leadId: id, ...detail })}::jsonb
      from leads where id = ${id} and updated_at = now()`),
    auditEntry(db, request, actorOf(identity), {
      organizationId,
      action: moving ? "lead.status_changed" : "lead.updated",
      resource: "lead",
      resourceId: id,
      details: detail,
    }),
  ]);
  if (!row) throw new ProblemError("conflict", "The lead changed while this request was being handled; read it again.");
  return { row, messageId: webhook.messageId };
}
