import { createDb, schema } from "@frontdesk/db";
import { escalationActions, escalationCategories, escalationPriorities } from "@frontdesk/db/schema";
import { configApp, configRoutes, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { escalationPhrasesQuery } from "../session/escalation-query.ts";
import { knowledgeLanguage } from "./knowledge.ts";

const ruleSchema = z
  .object({
    id: z.uuid(),
    category: z.enum(escalationCategories),
    language: z.string(),
    phrases: z.array(z.string()),
    action: z.enum(escalationActions),
    priority: z.enum(escalationPriorities),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("EscalationRule");

/** Words as customers type them; `*` at a word's end matches any ending; `*` alone (ignore only) is every default. */
const phrase = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(80)
  .regex(/^(\*|[\p{L}\p{N}&'’-]+\*?(\s+[\p{L}\p{N}&'’-]+\*?)*)$/u, "words, each optionally ending in *");
const fields = {
  category: z.enum(escalationCategories),
  language: knowledgeLanguage,
  phrases: z
    .array(phrase)
    .min(1)
    .max(100)
    .refine((phrases) => new Set(phrases).size === phrases.length, "phrases must differ"),
  action: z.enum(escalationActions),
  priority: z.enum(escalationPriorities),
};
const onlyIgnoreMatchesAll = (body: { phrases?: string[] | undefined; action?: string | undefined }) =>
  body.action === "ignore" || !body.phrases?.includes("*");
const allMessage = { message: '"*" only silences defaults (action "ignore"); an escalating phrase needs words' };
const createBody = z
  .object(fields)
  .partial({ language: true, action: true, priority: true })
  .strict()
  .refine(onlyIgnoreMatchesAll, allMessage);
const updateBody = z.object(fields).partial().strict().refine(onlyIgnoreMatchesAll, allMessage);

type RuleRow = typeof schema.escalationRules.$inferSelect;

const effectivePhrase = z
  .object({
    language: z.string(),
    category: z.enum(escalationCategories),
    phrase: z.string(),
    priority: z.enum(escalationPriorities),
  })
  .openapi("EscalationPhrase");

const effective = createRoute({
  method: "get",
  path: "/effective",
  summary: "Every phrase that sends a message to a person at once, with its category and priority",
  description:
    "The default lexicon (English and German) less the phrases this organization silences, plus its own. A message matching several is recorded under the most pressing (priority, then safety, legal, billing, complaint, urgent, sentiment, person).",
  security: [{ bearer: [] }],
  request: {
    query: z.object({ language: knowledgeLanguage.optional(), category: z.enum(escalationCategories).optional() }),
  },
  responses: {
    200: {
      description: "The phrases in effect",
      content: { "application/json": { schema: z.object({ data: z.array(effectivePhrase) }) } },
    },
    ...problemResponses,
  },
});

/**
 * Escalation rules (`/v1/escalation-rules`): the organization's own phrases that send a message to
 * a person at once, or the default phrases it silences; and the phrases in effect.
 */
export const escalationRules = configApp<ChatEnv>().openapi(effective, async (c) => {
  requireScope(c.var.identity, "config:read");
  const { language, category } = c.req.valid("query");
  const result = await escalationPhrasesQuery(createDb(c.env), c.var.identity.organizationId);
  const data = result.rows
    .filter((row) => (!language || row.language === language) && (!category || row.category === category))
    .sort(
      (a, b) =>
        a.language.localeCompare(b.language) ||
        a.category.localeCompare(b.category) ||
        a.phrase.localeCompare(b.phrase),
    );
  return c.json({ data }, 200);
});

configRoutes(escalationRules, {
  table: schema.escalationRules,
  label: "escalation rule",
  resource: "escalation_rule",
  key: "escalationRule",
  view: ruleSchema,
  toView: (row: RuleRow) => ({
    id: row.id,
    category: row.category,
    language: row.language,
    phrases: row.phrases,
    action: row.action,
    priority: row.priority,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody,
  updateBody,
  listQuery: z.object({ category: z.enum(escalationCategories).optional() }),
  listFilter: (t, query) =>
    typeof query.category === "string" ? eq(t.category, query.category as RuleRow["category"]) : undefined,
});
