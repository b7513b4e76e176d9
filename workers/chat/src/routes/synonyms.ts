import { createDb, schema } from "@frontdesk/db";
import { configApp, configRoutes, ProblemError, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { knowledgeLanguage } from "./knowledge.ts";

const synonymSetSchema = z
  .object({
    id: z.uuid(),
    language: z.string(),
    terms: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SynonymSet");

/** One word per term, as customers type it; hyphens and apostrophes belong to the word ("e-bike"). */
const term = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u, "one word per term (hyphens allowed)");
const fields = {
  terms: z
    .array(term)
    .min(2)
    .max(20)
    .refine((terms) => new Set(terms).size === terms.length, "terms must differ"),
  language: knowledgeLanguage,
};
const createBody = z.object(fields).partial({ language: true }).strict();
const updateBody = z.object(fields).partial().strict();

type SynonymSetRow = typeof schema.synonymSets.$inferSelect;

const lexiconEntry = z
  .object({
    term: z.string(),
    language: z.string(),
    synonyms: z.array(z.string()),
    frequencyPerMillion: z.number(),
  })
  .openapi("LexiconWord");

const lexicon = createRoute({
  method: "get",
  path: "/lexicon/{term}",
  summary: "A word of the default lexicon: its synonyms (WordNet) and frequency (SUBTLEX-US)",
  description:
    "The lexicon every organization shares, read-only. Retrieval expands a question word with these synonyms (at half weight) and weighs a word the knowledge base lacks by its frequency.",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ term: z.string().trim().toLowerCase().min(1).max(60) }),
    query: z.object({ language: knowledgeLanguage.default("en") }),
  },
  responses: {
    200: { description: "The word", content: { "application/json": { schema: z.object({ word: lexiconEntry }) } } },
    ...problemResponses,
  },
});

/**
 * Synonym sets (`/v1/synonyms`): an organization's own words for the same thing ("hire", "rent",
 * "lend"), which retrieval treats as one; and a read-only view of the default lexicon.
 */
export const synonyms = configApp<ChatEnv>().openapi(lexicon, async (c) => {
  requireScope(c.var.identity, "config:read");
  const { term: word } = c.req.valid("param");
  const { language } = c.req.valid("query");
  const t = schema.lexiconWords;
  const [found] = await createDb(c.env)
    .select()
    .from(t)
    .where(and(eq(t.language, language), eq(t.term, word)));
  if (!found) throw new ProblemError("not-found", `"${word}" is not in the ${language} lexicon.`);
  return c.json(
    {
      word: {
        term: found.term,
        language: found.language,
        synonyms: found.synonyms,
        frequencyPerMillion: found.frequency,
      },
    },
    200,
  );
});

configRoutes(synonyms, {
  table: schema.synonymSets,
  label: "synonym set",
  resource: "synonym_set",
  key: "synonymSet",
  view: synonymSetSchema,
  toView: (row: SynonymSetRow) => ({
    id: row.id,
    language: row.language,
    terms: row.terms,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody,
  updateBody,
  listQuery: z.object({ language: knowledgeLanguage.optional(), term: term.optional() }),
  listFilter: (t, query) => {
    if (typeof query.term === "string") return sql`${query.term} = any(${t.terms})`;
    return typeof query.language === "string" ? eq(t.language, query.language) : undefined;
  },
});
