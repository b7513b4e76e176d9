import { type Database, schema } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import { and, count, desc, eq, inArray, max, not, or, sql } from "drizzle-orm";
import {
  customerSchema,
  customerView,
  identitySchema,
  identityView,
  mergeSchema,
  mergeView,
  suggestionSchema,
  suggestionView,
} from "./views.ts";

const conversationSummary = z.object({
  id: z.uuid(),
  status: z.string(),
  channelId: z.uuid().nullable(),
  title: z.string().nullable(),
  startedAt: z.string(),
  lastMessageAt: z.string().nullable(),
});
const ticketSummary = z.object({ id: z.uuid(), subject: z.string(), status: z.string(), priority: z.string() });
const bookingSummary = z.object({
  id: z.uuid(),
  meetingType: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.string(),
});
const leadSummary = z.object({
  id: z.uuid(),
  status: z.string(),
  sourceIntent: z.string().nullable(),
  createdAt: z.string(),
});

/** A customer with everything a person handling them needs on one screen. */
export const customerProfileSchema = z
  .object({
    customer: customerSchema,
    identities: z.array(identitySchema),
    conversations: z.object({ count: z.number(), last: conversationSummary.nullable() }),
    openTickets: z.array(ticketSummary),
    bookings: z.array(bookingSummary),
    leads: z.array(leadSummary),
    /** Pending suggestions that this customer and another are one person. */
    mergeSuggestions: z.array(suggestionSchema),
    /** Merges into this customer that can still be undone or confirmed. */
    merges: z.array(mergeSchema),
  })
  .openapi("CustomerProfile");

const recentLimit = 20;

/** The profile of one customer of the organization, or undefined when it has none of that id. */
export async function customerProfile(
  db: Database,
  organizationId: string,
  customerId: string,
): Promise<z.infer<typeof customerProfileSchema> | undefined> {
  const c = schema.customers;
  const i = schema.customerIdentities;
  const v = schema.conversations;
  const t = schema.tickets;
  const b = schema.bookings;
  const l = schema.leads;
  const s = schema.customerMergeSuggestions;
  const m = schema.customerMerges;
  const [customers, identities, conversationCount, lastConversation, tickets, bookings, leads, suggestions, merges] =
    await db.batch([
      db
        .select()
        .from(c)
        .where(and(eq(c.organizationId, organizationId), eq(c.id, customerId))),
      db
        .select()
        .from(i)
        .where(and(eq(i.organizationId, organizationId), eq(i.customerId, customerId)))
        .orderBy(i.createdAt),
      db
        .select({ count: count(), lastAt: max(v.startedAt) })
        .from(v)
        .where(and(eq(v.organizationId, organizationId), eq(v.customerId, customerId))),
      db
        .select()
        .from(v)
        .where(and(eq(v.organizationId, organizationId), eq(v.customerId, customerId)))
        .orderBy(desc(v.startedAt), desc(v.id))
        .limit(1),
      db
        .select()
        .from(t)
        .where(
          and(
            eq(t.organizationId, organizationId),
            eq(t.customerId, customerId),
            not(inArray(t.status, ["resolved", "closed"])),
          ),
        )
        .orderBy(desc(t.createdAt))
        .limit(recentLimit),
      db
        .select()
        .from(b)
        .where(and(eq(b.organizationId, organizationId), eq(b.customerId, customerId)))
        .orderBy(desc(b.startsAt))
        .limit(recentLimit),
      db
        .select()
        .from(l)
        .where(and(eq(l.organizationId, organizationId), eq(l.customerId, customerId)))
        .orderBy(desc(l.createdAt))
        .limit(recentLimit),
      db
        .select()
        .from(s)
        .where(
          and(
            eq(s.organizationId, organizationId),
            eq(s.status, "pending"),
            or(eq(s.targetCustomerId, customerId), eq(s.sourceCustomerId, customerId)),
          ),
        )
        .orderBy(desc(s.createdAt)),
      db
        .select()
        .from(m)
        .where(and(eq(m.organizationId, organizationId), eq(m.targetCustomerId, customerId), eq(m.status, "applied")))
        .orderBy(desc(m.createdAt)),
    ]);
  const [customer] = customers;
  if (!customer) return undefined;
  const last = lastConversation[0];
  return {
    customer: customerView(customer),
    identities: identities.map(identityView),
    conversations: {
      count: Number(conversationCount[0]?.count ?? 0),
      last: last
        ? {
            id: last.id,
            status: last.status,
            channelId: last.channelId,
            title: last.title,
            startedAt: last.startedAt.toISOString(),
            lastMessageAt: last.lastMessageAt?.toISOString() ?? null,
          }
        : null,
    },
    openTickets: tickets.map((row) => ({
      id: row.id,
      subject: row.subject,
      status: row.status,
      priority: row.priority,
    })),
    bookings: bookings.map((row) => ({
      id: row.id,
      meetingType: row.meetingType,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      status: row.status,
    })),
    leads: leads.map((row) => ({
      id: row.id,
      status: row.status,
      sourceIntent: row.sourceIntent,
      createdAt: row.createdAt.toISOString(),
    })),
    mergeSuggestions: suggestions.map(suggestionView),
    merges: merges.map(mergeView),
  };
}

/** Sql for "this customer, in this organization, not merged away and not erased". */
export const activeCustomer = (organizationId: string, customerId: string) => {
  const c = schema.customers;
  return and(eq(c.organizationId, organizationId), eq(c.id, customerId), not(c.isMerged), sql`${c.status} <> 'erased'`);
};
