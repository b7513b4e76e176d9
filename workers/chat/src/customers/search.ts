import {
  afterCursor,
  type Database,
  escapeLike,
  newestFirst,
  normalizePhone,
  type PhoneDataSource,
  phoneDigits,
  phoneKeys,
  schema,
} from "@frontdesk/db";
import { decodeCursor, page } from "@frontdesk/http";
import { and, eq, gte, lte, not, or, type SQL, sql } from "drizzle-orm";

export interface CustomerQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  channelId?: string | undefined;
  hasOpenConversation?: boolean | undefined;
  lastSeenAfter?: string | undefined;
  lastSeenBefore?: string | undefined;
  status?: (typeof schema.customerStatuses)[number] | undefined;
  includeMerged?: boolean | undefined;
}

/** A query that is a phone number in any format ("+44 7700 900123", "(555) 010-0200"), at least 4 digits. */
const phoneLike = /^\+?[\d\s().-]+$/;

/**
 * What `?q=` matches: a phone by its digits, as written or as the number it is in the
 * organization's region ("07700900123" in a UK organization finds "+44 7700 900123"); anything
 * else by substring of names, email, company, external id.
 */
async function matching(
  db: Database,
  organizationId: string,
  c: typeof schema.customers,
  q: string,
  phoneData: PhoneDataSource,
): Promise<SQL> {
  if (phoneLike.test(q) && phoneDigits(q).length >= 4) {
    const keys = phoneKeys(q, await normalizePhone(db, organizationId, q, phoneData));
    return or(...keys.map((digits) => sql`${c.phoneDigits} like ${`%${digits}%`}`)) ?? sql`false`;
  }
  return sql`${c.searchText} like ${`%${escapeLike(q.toLowerCase())}%`}`;
}

/** One page of an organization's customers, newest first (merged ones only when asked; erased ones only by status). */
export async function searchCustomers(
  db: Database,
  organizationId: string,
  query: CustomerQuery,
  phoneData: PhoneDataSource,
) {
  const c = schema.customers;
  const q = query.q?.trim();
  const openConversation = sql`exists (select 1 from conversations o
    where o.organization_id = ${organizationId} and o.customer_id = ${c.id} and o.status <> 'closed')`;
  const rows = await db
    .select()
    .from(c)
    .where(
      and(
        eq(c.organizationId, organizationId),
        query.includeMerged ? undefined : not(c.isMerged),
        query.status ? eq(c.status, query.status) : sql`${c.status} <> 'erased'`,
        q ? await matching(db, organizationId, c, q, phoneData) : undefined,
        query.channelId
          ? sql`(${c.primaryChannelId} = ${query.channelId} or exists (select 1 from customer_identities i
              where i.customer_id = ${c.id} and i.channel_id = ${query.channelId}))`
          : undefined,
        query.hasOpenConversation === undefined
          ? undefined
          : query.hasOpenConversation
            ? openConversation
            : not(openConversation),
        query.lastSeenAfter ? gte(c.lastInteractionAt, new Date(query.lastSeenAfter)) : undefined,
        query.lastSeenBefore ? lte(c.lastInteractionAt, new Date(query.lastSeenBefore)) : undefined,
        afterCursor(c.createdAt, c.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(...newestFirst(c.createdAt, c.id))
    .limit(query.limit + 1);
  return page(rows, query.limit);
}
