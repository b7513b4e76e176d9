import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";

/** The conversations of a range of the organization's calendar days, as a SQL condition on `c`. */
const startedIn = (organizationId: string, from: string, to: string) => sql`
  c.organization_id = ${organizationId}
  and (c.started_at at time zone (select timezone from organizations where id = ${organizationId}))::date
    between ${from}::date and ${to}::date`;

export interface AdReportRow {
  adAssetId: string;
  title: string;
  platform: string | null;
  status: string;
  conversations: number;
  customers: number;
  leads: number;
  bookings: number;
  conversions: number;
}

/**
 * Per ad asset, over the conversations it started in the range: the conversations, their
 * customers, and the leads and bookings that followed (in those conversations, or later ones of
 * a customer the ad brought first); conversions are converted leads plus bookings that were kept.
 */
export async function adsReport(db: Database, organizationId: string, from: string, to: string) {
  const result = await db.execute<Record<keyof AdReportRow, string | number | null>>(sql`
    with attributed as (
      select c.id, c.customer_id, c.ad_asset_id, c.started_at from conversations c
      where ${startedIn(organizationId, from, to)} and c.ad_asset_id is not null
    ),
    followed_leads as (
      select distinct a.ad_asset_id, l.id, l.status from attributed a
      join leads l on l.organization_id = ${organizationId} and l.customer_id = a.customer_id
        and (l.conversation_id = a.id or l.created_at >= a.started_at)
    ),
    followed_bookings as (
      select distinct a.ad_asset_id, b.id, b.status from attributed a
      join bookings b on b.organization_id = ${organizationId} and b.customer_id = a.customer_id
        and (b.conversation_id = a.id or b.created_at >= a.started_at)
    )
    select s.id as "adAssetId", s.title, s.platform, s.status,
      (select count(*) from attributed a where a.ad_asset_id = s.id)::int as conversations,
      (select count(distinct a.customer_id) from attributed a where a.ad_asset_id = s.id)::int as customers,
      (select count(*) from followed_leads l where l.ad_asset_id = s.id)::int as leads,
      (select count(*) from followed_bookings b where b.ad_asset_id = s.id)::int as bookings,
      ((select count(*) from followed_leads l where l.ad_asset_id = s.id and l.status = 'converted')
        + (select count(*) from followed_bookings b where b.ad_asset_id = s.id and b.status in ('confirmed', 'completed')))::int
        as conversions
    from ad_assets s
    where s.organization_id = ${organizationId}
    order by conversations desc, s.created_at desc, s.id
    limit 500`);
  return result.rows.map(
    (row): AdReportRow => ({
      adAssetId: String(row.adAssetId),
      title: String(row.title),
      platform: row.platform === null ? null : String(row.platform),
      status: String(row.status),
      conversations: Number(row.conversations),
      customers: Number(row.customers),
      leads: Number(row.leads),
      bookings: Number(row.bookings),
      conversions: Number(row.conversions),
    }),
  );
}

export interface ProjectReportRow {
  projectId: string | null;
  name: string;
  conversations: number;
  aiResolved: number;
  handedOver: number;
  messages: number;
  averageCsat: number | null;
}

/** Per project (and the conversations of no project), over the conversations started in the range. */
export async function projectsReport(db: Database, organizationId: string, from: string, to: string) {
  const result = await db.execute<Record<keyof ProjectReportRow, string | number | null>>(sql`
    select p.id as "projectId", coalesce(p.name, '(no project)') as name,
      count(c.id)::int as conversations,
      count(c.id) filter (where c.ai_resolved)::int as "aiResolved",
      count(c.id) filter (where c.agent_id is not null or c.status in ('waiting', 'with_agent'))::int as "handedOver",
      coalesce(sum(c.message_count), 0)::int as messages,
      avg(c.csat_score)::float8 as "averageCsat"
    from conversations c
    left join projects p on p.organization_id = c.organization_id and p.id = c.project_id
    where ${startedIn(organizationId, from, to)}
    group by p.id, p.name
    order by conversations desc, name`);
  return result.rows.map(
    (row): ProjectReportRow => ({
      projectId: row.projectId === null ? null : String(row.projectId),
      name: String(row.name),
      conversations: Number(row.conversations),
      aiResolved: Number(row.aiResolved),
      handedOver: Number(row.handedOver),
      messages: Number(row.messages),
      averageCsat: row.averageCsat === null ? null : Math.round(Number(row.averageCsat) * 100) / 100,
    }),
  );
}
