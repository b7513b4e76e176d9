import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";

export interface KnowledgeHit {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  sourceUrl: string | null;
  /** How well the entry answers the query, 0..1: the share of the query's words it contains, nudged by rank. */
  score: number;
}

interface HitRow extends Record<string, unknown> {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  source_url: string | null;
  rank: number;
  matched: number;
  total: number;
}

/**
 * Full-text search over the organization's published knowledge: any of the query's words may
 * match (an OR of its lexemes, so natural questions find entries), ranked by cover density; the
 * score is the share of the query's lexemes the entry contains, which is what makes an answer
 * trustworthy. One query.
 */
export async function searchKnowledge(
  db: Database,
  organizationId: string,
  query: string,
  limit = 3,
): Promise<KnowledgeHit[]> {
  const result = await db.execute<HitRow>(sql`
    with q as (
      select lexemes, to_tsquery('simple', array_to_string(array(select quote_literal(l) from unnest(lexemes) l), ' | ')) as query
      from (select tsvector_to_array(to_tsvector('english', ${query})) as lexemes) parsed
    )
    select k.id, k.title, k.content, k.category, k.intent, k.source_url,
      ts_rank_cd(k.search_vector, q.query, 32) as rank,
      (select count(*) from unnest(q.lexemes) l where l = any(tsvector_to_array(k.search_vector)))::int as matched,
      coalesce(array_length(q.lexemes, 1), 0) as total
    from knowledge_entries k, q
    where k.organization_id = ${organizationId} and k.is_published and k.search_vector @@ q.query
    order by matched desc, rank desc, k.id
    limit ${limit}`);
  return result.rows.map((row) => {
    const coverage = row.total > 0 ? Number(row.matched) / Number(row.total) : 0;
    const score = Math.min(1, coverage * 0.85 + Math.min(1, Number(row.rank) * 2) * 0.15);
    return {
      id: row.id,
      title: row.title,
      content: row.content,
      category: row.category,
      intent: row.intent,
      sourceUrl: row.source_url,
      score: Math.round(score * 100) / 100,
    };
  });
}
