import type { Database } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { fillerWords, shorthandWords } from "./fillers.ts";
import type { KnowledgeScope } from "./scope.ts";

/** A published knowledge entry as retrieval returns it. */
export interface EntrySummary {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  sourceUrl: string | null;
  /** The entry's language (ISO 639-1). */
  language: string;
}

/** What lexical retrieval knows about one entry for one question. */
export interface LexicalCandidate extends EntrySummary {
  /** BM25F over the entry's weighted fields, each question word counted once (through its best form). */
  bm25: number;
  /** The share of the question's meaning (its words weighted by rarity) the entry contains, 0..1. */
  coverage: number;
  /** The same share counted in the title and example questions only. */
  questionCoverage: number;
  /** The sum of the question's word weights (how much the question says, in rarity). */
  questionWeight: number;
  /** The largest share of the question's meaning held by one word the entry lacks, 0..1. */
  missing: number;
  /** How closely the question echoes the entry's title or one of its example questions (trigram similarity). */
  echo: number;
  /** How many adjacent word pairs of the question the entry has as a phrase. */
  phrases: number;
}

/** An entry's summary columns as a raw statement returns them. */
export interface EntryRow extends Record<string, unknown> {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  source_url: string | null;
  language: string;
}

export const entrySummary = (row: EntryRow): EntrySummary => ({
  id: row.id,
  title: row.title,
  content: row.content,
  category: row.category,
  intent: row.intent,
  sourceUrl: row.source_url,
  language: row.language,
});

interface CandidateRow extends EntryRow {
  bm25: number;
  coverage: number;
  question_coverage: number;
  question_weight: number;
  missing: number;
  phrases: number;
  echo: number;
}

/** A text[] as one parameter: Postgres' array literal, each element quoted. */
const textArray = (values: readonly string[]) =>
  sql`${`{${values.map((value) => `"${value.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`}::text[]`;

/** The function's word lists, fixed for the isolate: built once, not per question. */
const shorthand = Object.entries(shorthandWords);
const fillerList = textArray(fillerWords);
const shortForms = textArray(shorthand.map(([short]) => short));
const longForms = textArray(shorthand.map(([, long]) => long));

/**
 * Lexical retrieval in one statement, all in Postgres (the function `lexical_candidates`, migration
 * 0026, whose plan each connection keeps instead of planning it on every HTTP query):
 * 1. the question's words, each corrected to the closest word of the entries in the customer's
 *    language when they have neither it nor its stem (pg_trgm finds the candidates; the correction
 *    counts by the share of letters right, Levenshtein); a word written without its hyphen
 *    ("email" for "E-Mail") is the same word;
 * 2. each word's forms per language of the knowledge base: its stem in that language, the stems of
 *    its synonyms (the organization's sets, and for English the default lexicon) at a lower weight;
 *    stop words and chat filler carry no meaning and are dropped;
 * 3. BM25F over the entries that contain any form: a form's frequency is weighted by field (title
 *    and example questions 3, keywords and tags 2, content 1) before saturation; a word counts once,
 *    through its best form; a word's weight is its rarity (IDF) among the entries of that language;
 * 4. a bonus for adjacent question words the entry has as a phrase ("30 minutes", "gift card"), and
 *    one for a question worded like the entry's title or an example question (trigram similarity).
 * Candidates come from the GIN index; the rest is arithmetic over a few rows.
 */
export async function lexicalCandidates(
  db: Database,
  organizationId: string,
  question: string,
  limit: number,
  options: { scope?: KnowledgeScope; language?: string | null } = {},
): Promise<LexicalCandidate[]> {
  const { categories = [], includeEntryIds = [] } = options.scope ?? {};
  // The candidates come as one json array, best first: one value is cheaper to return than rows.
  const result = await db.execute<{ result: CandidateRow[] }>(sql`
    select result from lexical_candidates(
      ${organizationId}::uuid, ${question}::text, ${options.language ?? null}::text,
      ${textArray(categories)}, ${textArray(includeEntryIds)}::uuid[], ${limit}::int,
      ${fillerList}, ${shortForms}, ${longForms})`);
  return (result.rows[0]?.result ?? []).map((row) => ({
    ...entrySummary(row),
    bm25: Number(row.bm25),
    coverage: Number(row.coverage ?? 0),
    questionCoverage: Number(row.question_coverage ?? 0),
    questionWeight: Number(row.question_weight ?? 0),
    missing: Number(row.missing ?? 0),
    phrases: Number(row.phrases),
    echo: Number(row.echo ?? 0),
  }));
}
