import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";

/** One organization's calendar day, in the organization's own time zone. */
export interface OrganizationDay {
  organizationId: string;
  day: string;
}

const daysInput = (days: OrganizationDay[]) => sql`
  days as (
    select d."organizationId" as organization_id, d.day
    from jsonb_to_recordset(${JSON.stringify(days)}::jsonb) as d("organizationId" uuid, day date)
  ),
  bounds as (
    select d.organization_id, d.day, o.timezone,
      (d.day::timestamp at time zone o.timezone) as lo,
      ((d.day + 1)::timestamp at time zone o.timezone) as hi
    from days d join organizations o on o.id = d.organization_id
  ),
  -- One time window around all the days: source rows are read once and matched to their local
  -- day by equality (a hash join), not scanned once per day.
  span as (select min(lo) as lo, max(hi) as hi from bounds)`;

/**
 * Recomputes analytics_daily for the given days from conversations and messages, set-based:
 *  - total_conversations: conversations started that day;
 *  - ai_ / agent_resolved_conversations, avg_resolution_time_seconds, avg_satisfaction_score:
 *    conversations closed that day (resolved by the assistant alone, or after a handover);
 *  - avg_response_time_seconds: for conversations started that day, first customer message to
 *    first reply (assistant or agent);
 *  - total_messages: messages sent that day;
 *  - channel_metrics: the same counts per channel type.
 * A day with no activity gets a row of zeros, so a recomputation also clears what was removed.
 */
function dailyStatement(db: Database, days: OrganizationDay[]) {
  return db.execute(sql`
    with ${daysInput(days)},
    started as (
      select b.organization_id, b.day, coalesce(ch.type, 'none') as channel,
        asked.at as asked_at,
        (select min(m.sent_at) from messages m
          where m.conversation_id = c.id and m.role in ('assistant', 'agent') and m.sent_at >= asked.at) as answered_at
      from span, bounds b
      join conversations c on c.organization_id = b.organization_id
        and (c.started_at at time zone b.timezone)::date = b.day
      left join channels ch on ch.id = c.channel_id
      left join lateral (
        select min(m.sent_at) as at from messages m where m.conversation_id = c.id and m.role = 'customer'
      ) asked on true
      where c.started_at >= span.lo and c.started_at < span.hi
    ),
    closed as (
      select b.organization_id, b.day, coalesce(ch.type, 'none') as channel, c.ai_resolved,
        c.resolution_time_seconds, c.csat_score
      from span, bounds b
      join conversations c on c.organization_id = b.organization_id and c.status = 'closed'
        and (c.ended_at at time zone b.timezone)::date = b.day
      left join channels ch on ch.id = c.channel_id
      where c.ended_at >= span.lo and c.ended_at < span.hi
    ),
    sent as (
      select b.organization_id, b.day, coalesce(ch.type, 'none') as channel, count(*)::int as messages
      from span, bounds b
      join messages m on m.organization_id = b.organization_id and (m.sent_at at time zone b.timezone)::date = b.day
      left join channels ch on ch.id = m.channel_id
      where m.sent_at >= span.lo and m.sent_at < span.hi
      group by 1, 2, 3
    ),
    per_channel as (
      select organization_id, day, channel, sum(conversations)::int as conversations, sum(ai)::int as ai,
        sum(agent)::int as agent, sum(messages)::int as messages
      from (
        select organization_id, day, channel, 1 as conversations, 0 as ai, 0 as agent, 0 as messages from started
        union all
        select organization_id, day, channel, 0, (ai_resolved is true)::int, (ai_resolved is false)::int, 0 from closed
        union all
        select organization_id, day, channel, 0, 0, 0, messages from sent
      ) counted
      group by 1, 2, 3
    ),
    started_totals as (
      select organization_id, day, count(*)::int as total,
        avg(extract(epoch from answered_at - asked_at)) filter (where answered_at is not null) as response
      from started group by 1, 2
    ),
    closed_totals as (
      select organization_id, day, count(*) filter (where ai_resolved)::int as ai,
        count(*) filter (where ai_resolved = false)::int as agent,
        avg(resolution_time_seconds) as resolution, avg(csat_score) as satisfaction
      from closed group by 1, 2
    ),
    sent_totals as (select organization_id, day, sum(messages)::int as messages from sent group by 1, 2),
    channel_totals as (
      select organization_id, day, jsonb_object_agg(channel, jsonb_build_object(
        'conversations', conversations, 'aiResolved', ai, 'agentResolved', agent, 'messages', messages)) as metrics
      from per_channel group by 1, 2
    )
    insert into analytics_daily (organization_id, date, total_conversations, ai_resolved_conversations,
      agent_resolved_conversations, total_messages, avg_response_time_seconds, avg_resolution_time_seconds,
      avg_satisfaction_score, channel_metrics)
    select b.organization_id, b.day, coalesce(s.total, 0), coalesce(k.ai, 0), coalesce(k.agent, 0),
      coalesce(m.messages, 0), s.response, k.resolution, k.satisfaction, coalesce(ch.metrics, '{}')
    from bounds b
    left join started_totals s using (organization_id, day)
    left join closed_totals k using (organization_id, day)
    left join sent_totals m using (organization_id, day)
    left join channel_totals ch using (organization_id, day)
    on conflict (organization_id, date) do update set
      total_conversations = excluded.total_conversations,
      ai_resolved_conversations = excluded.ai_resolved_conversations,
      agent_resolved_conversations = excluded.agent_resolved_conversations,
      total_messages = excluded.total_messages,
      avg_response_time_seconds = excluded.avg_response_time_seconds,
      avg_resolution_time_seconds = excluded.avg_resolution_time_seconds,
      avg_satisfaction_score = excluded.avg_satisfaction_score,
      channel_metrics = excluded.channel_metrics
    -- An unchanged day is left alone: a repeated run writes nothing.
    where (analytics_daily.total_conversations, analytics_daily.ai_resolved_conversations,
        analytics_daily.agent_resolved_conversations, analytics_daily.total_messages,
        analytics_daily.avg_response_time_seconds, analytics_daily.avg_resolution_time_seconds,
        analytics_daily.avg_satisfaction_score, analytics_daily.channel_metrics)
      is distinct from (excluded.total_conversations, excluded.ai_resolved_conversations,
        excluded.agent_resolved_conversations, excluded.total_messages, excluded.avg_response_time_seconds,
        excluded.avg_resolution_time_seconds, excluded.avg_satisfaction_score, excluded.channel_metrics)`);
}

/** Event counts per type for the given days: the old counts go, the recomputed ones come in. */
function eventCountStatements(db: Database, days: OrganizationDay[]) {
  return [
    db.execute(sql`
      with ${daysInput(days)}
      delete from analytics_event_counts a using days d
      where a.organization_id = d.organization_id and a.date = d.day`),
    db.execute(sql`
      with ${daysInput(days)}
      insert into analytics_event_counts (organization_id, date, event_type, event_count)
      select b.organization_id, b.day, e.event_type, count(*)::int
      from span, bounds b
      join analytics_events e on e.organization_id = b.organization_id
        and (e.occurred_at at time zone b.timezone)::date = b.day
      where e.occurred_at >= span.lo and e.occurred_at < span.hi
      group by 1, 2, 3`),
  ];
}

/**
 * Every statement that recomputes these days, for one batch (one transaction). The advisory lock
 * makes concurrent rollups (the cron and a backfill) take turns instead of colliding.
 */
export function recomputeDays(db: Database, days: OrganizationDay[]): [BatchItem<"pg">, ...BatchItem<"pg">[]] {
  return [
    db.execute(sql`select pg_advisory_xact_lock(hashtext('frontdesk.analytics_rollup'))`),
    dailyStatement(db, days),
    ...eventCountStatements(db, days),
  ];
}

/**
 * The days whose figures may have changed since `since` (every day with data when null), with the
 * database's clock as the new watermark: conversations started or ended, messages sent and events
 * that occurred on them.
 */
export async function touchedDays(
  db: Database,
  since: Date | null,
): Promise<{ watermark: Date; days: OrganizationDay[] }> {
  const from = since ? since.toISOString() : null;
  const result = await db.execute<{ organization_id: string; day: string; watermark: Date }>(sql`
    with touched as (
      select c.organization_id, c.started_at as at from conversations c
        where ${from}::timestamptz is null or c.updated_at >= ${from}::timestamptz
      union all
      select c.organization_id, c.ended_at from conversations c
        where c.ended_at is not null and (${from}::timestamptz is null or c.updated_at >= ${from}::timestamptz)
      union all
      select m.organization_id, m.sent_at from messages m
        where ${from}::timestamptz is null or m.updated_at >= ${from}::timestamptz
      union all
      select e.organization_id, e.occurred_at from analytics_events e
        where ${from}::timestamptz is null or e.received_at >= ${from}::timestamptz
    )
    -- An organization whose time zone Postgres does not know must not fail everyone's run: its days
    -- are read in UTC here, and its own recompute fails alone (and waits in the backlog).
    select distinct t.organization_id,
      to_char((t.at at time zone coalesce(z.name, 'UTC'))::date, 'YYYY-MM-DD') as day,
      now() as watermark
    from touched t join organizations o on o.id = t.organization_id
      left join pg_timezone_names z on z.name = o.timezone
    union all
    select null, null, now()
    order by 1 nulls last, 2`);
  const watermark = new Date(result.rows[result.rows.length - 1]?.watermark ?? Date.now());
  const days = result.rows
    .filter((row) => row.organization_id !== null)
    .map((row) => ({ organizationId: row.organization_id, day: row.day }));
  return { watermark, days };
}
