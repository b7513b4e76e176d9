import { type Database, escapeLike, schema } from "@frontdesk/db";
import type { conversationPriorities } from "@frontdesk/db/schema";
import { type Cursor, decodeCursor, pageBy } from "@frontdesk/http";
import { and, desc, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";

/** The inbox's queues: handed over and waiting for a person, held by me, everything open, closed. */
export const inboxQueues = ["waiting", "mine", "open", "closed"] as const;
export type InboxQueue = (typeof inboxQueues)[number];
/** Most recently active first, or most pressing first (then most recently active). */
export const inboxSorts = ["activity", "priority"] as const;
type ConversationPriority = (typeof conversationPriorities)[number];

export interface InboxQuery {
  queue: InboxQueue;
  /** Whose queue "mine" is: an agent an API key names, or the signed-in staff user's own agent. */
  mine: { agentId: string } | { userId: string } | null;
  q?: string | undefined;
  sort?: (typeof inboxSorts)[number] | undefined;
  priority?: ConversationPriority[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

const c = schema.conversations;
/** When the conversation last moved: its last message, or its start. */
const activityAt = sql<Date>`coalesce(${c.lastMessageAt}, ${c.startedAt})`;
const activityMs = sql`date_trunc('milliseconds', coalesce(${c.lastMessageAt}, ${c.startedAt}) at time zone 'UTC')`;

/** The agent "mine" means, as SQL: a staff user's agent is looked up in the same statement. */
function myAgent(organizationId: string, mine: InboxQuery["mine"]): SQL | undefined {
  if (!mine) return undefined;
  if ("agentId" in mine) return sql`${mine.agentId}::uuid`;
  const a = schema.agents;
  return sql`(select ${a.id} from ${a} where ${a.organizationId} = ${organizationId}
    and ${a.userId} = ${mine.userId} and ${a.kind} = 'human' limit 1)`;
}

function inQueue(queue: InboxQueue, agent: SQL | undefined): SQL | undefined {
  switch (queue) {
    case "waiting":
      return eq(c.status, "waiting");
    case "mine":
      return agent ? and(sql`${c.agentId} = ${agent}`, ne(c.status, "closed")) : sql`false`;
    case "open":
      return ne(c.status, "closed");
    case "closed":
      return eq(c.status, "closed");
  }
}

/** A priority's rank, as the priority index has it: low 1 … urgent 4. */
const priorityRank = sql<number>`array_position(array['low', 'normal', 'high', 'urgent'], ${c.priority})`;

/** Rows after the cursor in most-recently-active-first order (within its priority, when sorted by it). */
function afterCursor(cursor: Cursor | undefined, byPriority: boolean): SQL | undefined {
  if (!cursor) return undefined;
  const at = sql`(${cursor.createdAt}::timestamptz at time zone 'UTC')`;
  const later = or(sql`${activityMs} < ${at}`, and(sql`${activityMs} = ${at}`, sql`${c.id} < ${cursor.id}`));
  if (!byPriority) return later;
  const rank = cursor.rank ?? 0;
  return or(sql`${priorityRank} < ${rank}`, and(sql`${priorityRank} = ${rank}`, later));
}

/**
 * `?q=`: conversations of the customers whose name, email, company or phone digits match. The
 * customers are found first through their trigram indexes, so a search never walks the inbox.
 */
function matching(organizationId: string, q: string): SQL {
  const customers = schema.customers;
  const digits = q.replace(/\D/g, "");
  const pattern = `%${escapeLike(q.toLowerCase())}%`;
  return sql`${c.customerId} in (select ${customers.id} from ${customers}
    where ${customers.organizationId} = ${organizationId} and (${customers.searchText} like ${pattern}${
      digits.length >= 4 ? sql` or ${customers.phoneDigits} like ${`%${digits}%`}` : sql``
    }))`;
}

/**
 * One page of the inbox, most recently active first, each conversation with its customer and its
 * last message; and how many conversations each open queue holds. One round trip.
 */
export async function readInbox(db: Database, organizationId: string, query: InboxQuery) {
  const customer = schema.customers;
  const lastMessage = sql<{ role: string; content: string; sentAt: string } | null>`(
    select json_build_object('role', m.role, 'content', left(m.content, 200), 'sentAt', m.sent_at)
    from messages m where m.organization_id = ${c.organizationId} and m.conversation_id = ${c.id}
    order by m.sent_at desc, m.id desc limit 1)`;
  const q = query.q?.trim();
  const agent = myAgent(organizationId, query.mine);
  const byPriority = query.sort === "priority";
  const [rows, [counts]] = await db.batch([
    db
      .select({
        conversation: c,
        activityAt,
        customer: {
          id: customer.id,
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
        },
        channel: { type: schema.channels.type, name: schema.channels.name },
        lastMessage,
        rank: priorityRank,
      })
      .from(c)
      .innerJoin(customer, eq(customer.id, c.customerId))
      .leftJoin(schema.channels, eq(schema.channels.id, c.channelId))
      .where(
        and(
          eq(c.organizationId, organizationId),
          inQueue(query.queue, agent),
          q ? matching(organizationId, q) : undefined,
          query.priority?.length ? inArray(c.priority, query.priority) : undefined,
          afterCursor(decodeCursor(query.cursor), byPriority),
        ),
      )
      .orderBy(...(byPriority ? [sql`${priorityRank} desc`] : []), desc(activityMs), desc(c.id))
      .limit(query.limit + 1),
    db
      .select({
        waiting: sql<number>`count(*) filter (where ${c.status} = 'waiting')::int`,
        mine: agent ? sql<number>`count(*) filter (where ${c.agentId} = ${agent})::int` : sql<number>`0`,
        open: sql<number>`count(*)::int`,
        urgent: sql<number>`count(*) filter (where ${c.priority} = 'urgent')::int`,
      })
      .from(c)
      .where(and(eq(c.organizationId, organizationId), ne(c.status, "closed"))),
  ]);
  const result = pageBy(rows, query.limit, (row) => ({
    createdAt: new Date(row.activityAt),
    id: row.conversation.id,
    ...(byPriority ? { rank: row.rank } : {}),
  }));
  return { ...result, counts: counts ?? { waiting: 0, mine: 0, open: 0, urgent: 0 } };
}
