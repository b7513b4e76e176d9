import { type Database, schema } from "@frontdesk/db";
import { type AuditActor, auditEntry, ProblemError } from "@frontdesk/http";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { forgetSessions } from "./forget-sessions.ts";

/** The person's customer record and every record merged into it: one person, several rows. */
async function personRecords(db: Database, organizationId: string, customerId: string) {
  const c = schema.customers;
  const rows = await db
    .select()
    .from(c)
    .where(and(eq(c.organizationId, organizationId), or(eq(c.id, customerId), eq(c.mergedIntoCustomerId, customerId))));
  const customer = rows.find((row) => row.id === customerId);
  if (!customer) throw new ProblemError("not-found", "No such customer in this organization.");
  if (customer.isMerged) {
    throw new ProblemError(
      "invalid-transition",
      `This customer was merged into ${customer.mergedIntoCustomerId}; ask for that customer.`,
      { mergedIntoCustomerId: customer.mergedIntoCustomerId },
    );
  }
  return { customer, records: rows };
}

/**
 * GDPR Articles 15 and 20: everything Frontdesk stores about a person, as one JSON document (their
 * records, identities, conversations with every message, memories, bookings with their history,
 * tickets with theirs, leads, analytics events linked to them, merges and merge suggestions).
 */
export async function exportCustomer(db: Database, organizationId: string, customerId: string) {
  const { customer, records } = await personRecords(db, organizationId, customerId);
  const ids = records.map((row) => row.id);
  const externalIds = records.flatMap((row) =>
    [row.externalId, row.metadata.merged_external_id].filter((id): id is string => typeof id === "string"),
  );
  const v = schema.conversations;
  const conversations = await db
    .select()
    .from(v)
    .where(and(eq(v.organizationId, organizationId), inArray(v.customerId, ids)))
    .orderBy(asc(v.startedAt));
  const conversationIds = conversations.map((row) => row.id);
  const m = schema.messages;
  const e = schema.analyticsEvents;
  const b = schema.bookings;
  const t = schema.tickets;
  const n = schema.conversationNotes;
  const [messages, identities, memories, bookings, tickets, leads, events, merges, suggestions, notes] = await db.batch(
    [
      db
        .select({
          id: m.id,
          conversationId: m.conversationId,
          role: m.role,
          direction: m.direction,
          messageType: m.messageType,
          content: m.content,
          mediaUrl: m.mediaUrl,
          mediaType: m.mediaType,
          language: m.language,
          intent: m.intent,
          sentAt: m.sentAt,
        })
        .from(m)
        .where(
          and(
            eq(m.organizationId, organizationId),
            conversationIds.length > 0 ? inArray(m.conversationId, conversationIds) : sql`false`,
          ),
        )
        .orderBy(asc(m.sentAt), asc(m.id)),
      db
        .select()
        .from(schema.customerIdentities)
        .where(
          and(
            eq(schema.customerIdentities.organizationId, organizationId),
            inArray(schema.customerIdentities.customerId, ids),
          ),
        ),
      db
        .select()
        .from(schema.customerMemories)
        .where(
          and(
            eq(schema.customerMemories.organizationId, organizationId),
            inArray(schema.customerMemories.customerId, ids),
          ),
        ),
      db
        .select()
        .from(b)
        .where(and(eq(b.organizationId, organizationId), inArray(b.customerId, ids)))
        .orderBy(asc(b.startsAt)),
      db
        .select()
        .from(t)
        .where(and(eq(t.organizationId, organizationId), inArray(t.customerId, ids)))
        .orderBy(asc(t.createdAt)),
      db
        .select()
        .from(schema.leads)
        .where(and(eq(schema.leads.organizationId, organizationId), inArray(schema.leads.customerId, ids))),
      db
        .select()
        .from(e)
        .where(
          and(
            eq(e.organizationId, organizationId),
            or(inArray(e.customerId, ids), externalIds.length > 0 ? inArray(e.userId, externalIds) : undefined),
          ),
        )
        .orderBy(asc(e.occurredAt)),
      db
        .select()
        .from(schema.customerMerges)
        .where(
          and(
            eq(schema.customerMerges.organizationId, organizationId),
            or(
              inArray(schema.customerMerges.sourceCustomerId, ids),
              inArray(schema.customerMerges.targetCustomerId, ids),
            ),
          ),
        ),
      db
        .select()
        .from(schema.customerMergeSuggestions)
        .where(
          and(
            eq(schema.customerMergeSuggestions.organizationId, organizationId),
            or(
              inArray(schema.customerMergeSuggestions.sourceCustomerId, ids),
              inArray(schema.customerMergeSuggestions.targetCustomerId, ids),
            ),
          ),
        ),
      // What staff wrote about the person is their personal data too (Art. 15).
      db
        .select({
          id: n.id,
          conversationId: n.conversationId,
          authorName: n.authorName,
          content: n.content,
          createdAt: n.createdAt,
        })
        .from(n)
        .where(and(eq(n.organizationId, organizationId), inArray(n.conversationId, conversationIds)))
        .orderBy(asc(n.createdAt)),
    ],
  );
  const bookingIds = bookings.map((row) => row.id);
  const ticketIds = tickets.map((row) => row.id);
  const [bookingChanges, ticketChanges] = await db.batch([
    db
      .select()
      .from(schema.bookingChanges)
      .where(
        and(
          eq(schema.bookingChanges.organizationId, organizationId),
          bookingIds.length > 0 ? inArray(schema.bookingChanges.bookingId, bookingIds) : sql`false`,
        ),
      ),
    db
      .select()
      .from(schema.ticketStatusChanges)
      .where(
        and(
          eq(schema.ticketStatusChanges.organizationId, organizationId),
          ticketIds.length > 0 ? inArray(schema.ticketStatusChanges.ticketId, ticketIds) : sql`false`,
        ),
      ),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    format: "frontdesk.customer-export.v1",
    customer,
    mergedRecords: records.filter((row) => row.id !== customer.id),
    identities,
    conversations: conversations.map((conversation) => ({
      ...conversation,
      messages: messages.filter((message) => message.conversationId === conversation.id),
      staffNotes: notes.filter((note) => note.conversationId === conversation.id),
    })),
    memories,
    bookings: bookings.map((booking) => ({
      ...booking,
      history: bookingChanges.filter((change) => change.bookingId === booking.id),
    })),
    tickets: tickets.map((ticket) => ({
      ...ticket,
      history: ticketChanges.filter((change) => change.ticketId === ticket.id),
    })),
    leads,
    events,
    merges: merges.map(({ sourceBefore: _s, targetBefore: _t, droppedMemories: _d, ...merge }) => merge),
    mergeSuggestions: suggestions,
  };
}

/**
 * GDPR Article 17: erases the person everywhere (`erase_customer`, one transaction) with an audit
 * row that says so and how much, but nothing about who; then forgets the cached session context
 * of each of their conversations.
 */
export async function eraseCustomer(
  env: ChatEnv,
  db: Database,
  request: Headers,
  actor: AuditActor,
  organizationId: string,
  customerId: string,
): Promise<Record<string, number>> {
  const { records } = await personRecords(db, organizationId, customerId);
  const v = schema.conversations;
  const conversations = await db
    .select({ id: v.id })
    .from(v)
    .where(
      and(
        eq(v.organizationId, organizationId),
        inArray(
          v.customerId,
          records.map((row) => row.id),
        ),
      ),
    );
  const n = schema.conversationNotes;
  const [erased, , notes] = await db.batch([
    db.execute<{ counts: Record<string, number> }>(
      sql`select erase_customer(${organizationId}, ${customerId}) as counts`,
    ),
    // Click ids and landing parameters identify the person's visits; which ad brought them stays.
    db
      .update(v)
      .set({ attribution: {} })
      .where(
        and(
          eq(v.organizationId, organizationId),
          inArray(
            v.id,
            conversations.map((row) => row.id),
          ),
        ),
      ),
    // What staff wrote about the person goes with them (the notes of their conversations).
    db
      .delete(n)
      .where(
        and(
          eq(n.organizationId, organizationId),
          inArray(
            n.conversationId,
            sql`(select id from conversations where organization_id = ${organizationId} and customer_id = ${customerId})`,
          ),
        ),
      )
      .returning({ id: n.id }),
    // Where replies went (a phone number, an address) is the person's too.
    db.delete(schema.channelConversations).where(
      and(
        eq(schema.channelConversations.organizationId, organizationId),
        inArray(
          schema.channelConversations.conversationId,
          conversations.map((row) => row.id),
        ),
      ),
    ),
    auditEntry(db, request, actor, {
      organizationId,
      action: "customer.erased",
      resource: "customer",
      resourceId: customerId,
    }),
  ]);
  const counts = { ...(erased.rows[0]?.counts ?? {}), conversation_notes: notes.length };
  await forgetSessions(
    env,
    conversations.map((row) => row.id),
  );
  return counts;
}
