// The knowledge search as it was before retrieval was rebuilt (commit 293cca3), kept verbatim as
// the evaluation's same-run baseline: full text over title (A) and content (B), an OR of the
// question's English lexemes, scored by the IDF-weighted share of them an entry contains. Its
// document is computed inline because the stored one now has more fields.
import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";

const previousVector = sql.raw(
  "(setweight(to_tsvector('english', coalesce(k.title, '')), 'A') || setweight(to_tsvector('english', coalesce(k.content, '')), 'B'))",
);

export async function previousSearch(
  db: Database,
  organizationId: string,
  query: string,
): Promise<{ title: string; score: number } | undefined> {
  const result = await db.execute<{ title: string; rank: number; matched: number; total: number }>(sql`
    with q as (
      select lexemes, to_tsquery('simple', array_to_string(array(select quote_literal(l) from unnest(lexemes) l), ' | ')) as query
      from (select tsvector_to_array(to_tsvector('english', ${query})) as lexemes) parsed
    ),
    published as (
      select ${previousVector} as search_vector from knowledge_entries k where organization_id = ${organizationId} and is_published
    ),
    weights as (
      select l as lexeme,
        ln(((select count(*) from published) + 1)::float8
          / ((select count(*) from published p where p.search_vector @@ to_tsquery('simple', quote_literal(l))) + 0.5)) as weight
      from q, unnest(q.lexemes) l
    )
    select k.title,
      ts_rank_cd(${previousVector}, q.query, 32) as rank,
      (select coalesce(sum(w.weight), 0) from weights w where w.lexeme = any(tsvector_to_array(${previousVector}))) as matched,
      (select coalesce(sum(w.weight), 0) from weights w) as total
    from knowledge_entries k, q
    where k.organization_id = ${organizationId} and k.is_published and ${previousVector} @@ q.query
    order by matched desc, rank desc, k.id
    limit 3`);
  const row = result.rows[0];
  if (!row) return undefined;
  const coverage = Number(row.total) > 0 ? Number(row.matched) / Number(row.total) : 0;
  const score = Math.min(1, coverage * 0.85 + Math.min(1, Number(row.rank) * 2) * 0.15);
  return { title: row.title, score: Math.round(score * 100) / 100 };
}

/** The handover threshold the previous engine shipped with. */
export const previousThreshold = 0.45;
