import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { reciprocalRankFusion } from "./retrieval/fusion.ts";
import type { EntrySummary } from "./retrieval/lexical.ts";
import { rankLexical } from "./retrieval/rank.ts";

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

export interface KnowledgeHit extends EntrySummary {
  /**
   * How likely the entry answers the question, 0..1: the calibrated lexical confidence, or where
   * embeddings found it, at least its cosine similarity.
   */
  score: number;
}

export interface SearchOptions {
  limit?: number;
  /** The question's embedding, when this deployment has an embedder. */
  embedding?: number[] | undefined;
  /** The model that made it: only entries embedded by the same model are compared with it. */
  embeddingModel?: string | undefined;
  /** The customer's language: among entries that answer equally well, theirs come first. */
  language?: string | null | undefined;
}

interface SimilarRow extends Record<string, unknown> {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  source_url: string | null;
  language: string;
  similarity: number;
}

/** How many candidates the vector retriever contributes before fusion. */
const candidates = 10;

const rounded = (value: number) => Math.round(value * 100) / 100;

/**
 * Knowledge search: lexical retrieval (BM25F with synonyms and typo tolerance, in Postgres) with a
 * calibrated confidence; where the question has an embedding and the database pgvector, vector
 * similarity too, the two rankings fused by reciprocal rank fusion.
 */
export async function searchKnowledge(
  db: Database,
  organizationId: string,
  query: string,
  options: SearchOptions = {},
): Promise<KnowledgeHit[]> {
  const limit = options.limit ?? 3;
  const lexical = await rankLexical(db, organizationId, query, options.language);
  const hits = new Map<string, KnowledgeHit>(
    lexical.map(({ candidate, confidence }) => [candidate.id, toHit(candidate, rounded(confidence))]),
  );
  if (!options.embedding || !(await hasPgvector(db))) return [...hits.values()].slice(0, limit);

  const vector = vectorLiteral(options.embedding);
  const model = options.embeddingModel ? sql`and embedding_model = ${options.embeddingModel}` : sql``;
  const similar = await db.execute<SimilarRow>(sql`
    select id, title, content, category, intent, source_url, language,
      1 - (embedding <=> ${vector}::vector) as similarity
    from knowledge_entries
    where organization_id = ${organizationId} and is_published and embedding is not null ${model}
    order by embedding <=> ${vector}::vector
    limit ${candidates}`);
  for (const row of similar.rows) {
    const similarity = rounded(Math.max(0, Number(row.similarity)));
    const known = hits.get(row.id);
    if (known) known.score = Math.max(known.score, similarity);
    else hits.set(row.id, toHit({ ...row, sourceUrl: row.source_url }, similarity));
  }
  const fused = reciprocalRankFusion([lexical.map(({ candidate }) => candidate.id), similar.rows.map((row) => row.id)]);
  return fused.flatMap((id) => hits.get(id) ?? []).slice(0, limit);
}

function toHit(entry: EntrySummary, score: number): KnowledgeHit {
  return {
    id: entry.id,
    title: entry.title,
    content: entry.content,
    category: entry.category,
    intent: entry.intent,
    sourceUrl: entry.sourceUrl,
    language: entry.language,
    score,
  };
}
