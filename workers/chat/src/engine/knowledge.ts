import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { storedDimensions } from "./models/embeddings.ts";
import { shownConfidence } from "./retrieval/confidence.ts";
import { reciprocalRankFusion } from "./retrieval/fusion.ts";
import { type EntryRow, type EntrySummary, entrySummary } from "./retrieval/lexical.ts";
import { rankLexical } from "./retrieval/rank.ts";
import { type KnowledgeScope, scopeCondition } from "./retrieval/scope.ts";

export type { KnowledgeScope };

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
   * How likely the entry answers the question, 0..1: the calibrated lexical confidence; with
   * embeddings, surer when both retrievers rank it first, and at most 0.3 when only they found it.
   */
  score: number;
}

export interface SearchOptions {
  /** The entries it may answer from. */
  scope?: KnowledgeScope;
  limit?: number;
  /**
   * The question's embedding, when the organization has an embedder: a promise, so the lexical
   * statement runs while the question is being embedded.
   */
  embedding?: number[] | Promise<number[] | undefined> | undefined;
  /** The model that made it: only entries embedded by the same model are compared with it. */
  embeddingModel?: string | undefined;
  /** The customer's language: among entries that answer equally well, theirs come first. */
  language?: string | null | undefined;
}

interface SimilarRow extends EntryRow {
  similarity: number;
}

/** How many candidates the vector retriever contributes before fusion. */
const candidates = 10;
/** The most an entry found by meaning alone scores: enough to be offered, below the handover threshold. */
const vectorOnlyCeiling = 0.3;
/** The most the other entries found by meaning alone score: below the default offer threshold (0.15). */
const vectorRunnerUpCeiling = 0.1;
/** How much of the remaining doubt goes when both retrievers rank the same entry first. */
const agreementWeight = 0.1;

/**
 * Knowledge search: lexical retrieval (BM25F with synonyms and typo tolerance, in Postgres) with a
 * calibrated confidence; where the question has an embedding and the database pgvector, vector
 * similarity too: the most confident first, ties in the order of the two rankings' reciprocal
 * rank fusion.
 */
export async function searchKnowledge(
  db: Database,
  organizationId: string,
  query: string,
  options: SearchOptions = {},
): Promise<KnowledgeHit[]> {
  const limit = options.limit ?? 3;
  // The two retrievers are independent: their statements run side by side, one round trip's wait.
  const [lexical, similar] = await Promise.all([
    rankLexical(db, organizationId, query, options.language, options.scope),
    similarEntries(db, organizationId, options),
  ]);
  const hits = new Map<string, KnowledgeHit>(
    lexical.map(({ candidate, confidence }) => [candidate.id, toHit(candidate, shownConfidence(confidence))]),
  );
  if (similar.length === 0) return [...hits.values()].slice(0, limit);
  // A cosine similarity is no probability (every model has its own scale, and a question about
  // something the business does not do is still near some entry), so meaning alone never answers:
  // an entry only the vectors found can be offered ("did you mean …?"), not answered from, and
  // agreement of both retrievers on the best entry makes the calibrated lexical confidence surer.
  for (const [index, row] of similar.entries()) {
    if (hits.has(row.id)) continue;
    // Only the nearest entry may be offered; the others stay below the offer threshold.
    const ceiling = index === 0 ? vectorOnlyCeiling : vectorRunnerUpCeiling;
    hits.set(row.id, toHit(entrySummary(row), Math.min(shownConfidence(Math.max(0, Number(row.similarity))), ceiling)));
  }
  const best = lexical[0];
  const agreed = best && best.candidate.id === similar[0]?.id ? hits.get(best.candidate.id) : undefined;
  if (agreed && best) agreed.score = shownConfidence(1 - (1 - best.confidence) * (1 - agreementWeight));
  // Equal confidence keeps the lexical order (its strengths tell apart what two decimals do not);
  // entries only the vectors found follow in the order of the fused ranking.
  const fused = reciprocalRankFusion([lexical.map(({ candidate }) => candidate.id), similar.map((row) => row.id)]);
  const rank = new Map(fused.map((id, index) => [id, lexical.length + index]));
  for (const [index, { candidate }] of lexical.entries()) rank.set(candidate.id, index);
  return [...hits.values()]
    .sort((a, b) => b.score - a.score || (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0))
    .slice(0, limit);
}

/** The vector column of an embedding's size (migration 0023), if the schema stores that size. */
export function vectorColumn(dimensions: number) {
  const size = storedDimensions.find((stored) => stored === dimensions);
  return size ? sql.identifier(`embedding_${size}`) : undefined;
}

/** The entries nearest the question's embedding (same model), when it has one and the database pgvector. */
async function similarEntries(db: Database, organizationId: string, options: SearchOptions): Promise<SimilarRow[]> {
  const embedding = await options.embedding;
  const column = embedding && vectorColumn(embedding.length);
  if (!embedding || !column || !options.embeddingModel || !(await hasPgvector(db))) return [];
  const vector = vectorLiteral(embedding);
  const size = embedding.length;
  const result = await db.execute<SimilarRow>(sql`
    select id, title, content, category, intent, source_url, language,
      1 - (${column} <=> ${vector}::vector(${sql.raw(String(size))})) as similarity
    from knowledge_entries
    where organization_id = ${organizationId} and ${scopeCondition(options.scope)}
      and ${column} is not null and embedding_model = ${options.embeddingModel}
    order by ${column} <=> ${vector}::vector(${sql.raw(String(size))})
    limit ${candidates}`);
  return result.rows;
}

/** The entry's summary fields only (a lexical candidate carries its measurements too), with the score. */
const toHit = (entry: EntrySummary, score: number): KnowledgeHit => ({
  id: entry.id,
  title: entry.title,
  content: entry.content,
  category: entry.category,
  intent: entry.intent,
  sourceUrl: entry.sourceUrl,
  language: entry.language,
  score,
});
