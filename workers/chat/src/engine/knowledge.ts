import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";

let pgvector: Promise<boolean> | undefined;

/** Whether the database has pgvector (Neon, PGlite); without it the embedding columns are real[]. */
export function hasPgvector(db: Database): Promise<boolean> {
  pgvector ??= db
    .execute<{ present: boolean }>(sql`select exists (select 1 from pg_extension where extname = 'vector') as present`)
    .then((result) => result.rows[0]?.present === true)
    .catch((error: unknown) => {
      pgvector = undefined;
      throw error;
    });
  return pgvector;
}

/** pgvector's text form of an embedding. */
export const vectorLiteral = (embedding: number[]) => `[${embedding.join(",")}]`;

export interface KnowledgeHit {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  sourceUrl: string | null;
  /** How well the entry answers the query, 0..1: its weighted share of the query's words, or its embedding's cosine similarity. */
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
  /** The summed weight of the query's words the entry contains, and of all of them. */
  matched: number;
  total: number;
}

interface SimilarRow extends Record<string, unknown> {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  source_url: string | null;
  similarity: number;
}

/**
 * Knowledge search: full text (below), and where the question has an embedding and the database
 * has pgvector, cosine similarity over the entries' embeddings too (one batch, one round trip). An
 * entry's score is the better of its two.
 */
export async function searchKnowledge(
  db: Database,
  organizationId: string,
  query: string,
  limit = 3,
  embedding?: number[],
): Promise<KnowledgeHit[]> {
  if (!embedding || !(await hasPgvector(db))) return fullTextSearch(db, organizationId, query, limit);
  const vector = vectorLiteral(embedding);
  const [text, similar] = await db.batch([
    fullTextQuery(db, organizationId, query, limit),
    db.execute<SimilarRow>(sql`
      select id, title, content, category, intent, source_url,
        1 - (embedding <=> ${vector}::vector) as similarity
      from knowledge_entries
      where organization_id = ${organizationId} and is_published and embedding is not null
      order by embedding <=> ${vector}::vector
      limit ${limit}`),
  ]);
  const hits = new Map(text.rows.map((row) => [row.id, toHit(row)]));
  for (const row of similar.rows) {
    const score = Math.round(Math.max(0, Number(row.similarity)) * 100) / 100;
    const known = hits.get(row.id);
    if (known) known.score = Math.max(known.score, score);
    else
      hits.set(row.id, {
        id: row.id,
        title: row.title,
        content: row.content,
        category: row.category,
        intent: row.intent,
        sourceUrl: row.source_url,
        score,
      });
  }
  return [...hits.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

async function fullTextSearch(db: Database, organizationId: string, query: string, limit: number) {
  return (await fullTextQuery(db, organizationId, query, limit)).rows.map(toHit);
}

/**
 * Full-text search over the organization's published knowledge: any of the query's words may
 * match (an OR of its lexemes, so natural questions find entries), ranked by cover density. The
 * score is the share of the query's words the entry contains, each word weighted by how rare it is
 * in this knowledge base (inverse document frequency): an entry that shares only the common words
 * of a question ("tyres", "bike") but not its point ("sealant", which no entry mentions) scores low,
 * which is what makes the score usable as confidence. One query.
 */
function fullTextQuery(db: Database, organizationId: string, query: string, limit: number) {
  return db.execute<HitRow>(sql`
    with q as (
      select lexemes, to_tsquery('simple', array_to_string(array(select quote_literal(l) from unnest(lexemes) l), ' | ')) as query
      from (select tsvector_to_array(to_tsvector('english', ${query})) as lexemes) parsed
    ),
    published as (
      select search_vector from knowledge_entries where organization_id = ${organizationId} and is_published
    ),
    weights as (
      select l as lexeme,
        ln(((select count(*) from published) + 1)::float8
          / ((select count(*) from published p where p.search_vector @@ to_tsquery('simple', quote_literal(l))) + 0.5)) as weight
      from q, unnest(q.lexemes) l
    )
    select k.id, k.title, k.content, k.category, k.intent, k.source_url,
      ts_rank_cd(k.search_vector, q.query, 32) as rank,
      (select coalesce(sum(w.weight), 0) from weights w where w.lexeme = any(tsvector_to_array(k.search_vector))) as matched,
      (select coalesce(sum(w.weight), 0) from weights w) as total
    from knowledge_entries k, q
    where k.organization_id = ${organizationId} and k.is_published and k.search_vector @@ q.query
    order by matched desc, rank desc, k.id
    limit ${limit}`);
}

function toHit(row: HitRow): KnowledgeHit {
  const coverage = Number(row.total) > 0 ? Number(row.matched) / Number(row.total) : 0;
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
}
