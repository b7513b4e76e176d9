import { createDb, type Database, schema } from "@frontdesk/db";
import {
  actorLabel,
  actorOf,
  auditEntry,
  configApp,
  findOwned,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
  undecided,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { queueEmbedding } from "../knowledge/embedding-queue.ts";

const suggestionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(schema.knowledgeSuggestionKinds),
    status: z.enum(schema.knowledgeSuggestionStatuses),
    knowledgeEntryId: z.uuid().nullable(),
    conversationId: z.uuid(),
    questionMessageId: z.uuid(),
    answerMessageId: z.uuid(),
    question: z.string(),
    answer: z.string(),
    language: z.string(),
    proposedTitle: z.string().nullable(),
    proposedContent: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("KnowledgeSuggestion");

type SuggestionRow = typeof schema.knowledgeSuggestions.$inferSelect;
const toView = (row: SuggestionRow): z.infer<typeof suggestionSchema> => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  knowledgeEntryId: row.knowledgeEntryId,
  conversationId: row.conversationId,
  questionMessageId: row.questionMessageId,
  answerMessageId: row.answerMessageId,
  question: row.question,
  answer: row.answer,
  language: row.language,
  proposedTitle: row.proposedTitle,
  proposedContent: row.proposedContent,
  decidedBy: row.decidedBy,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ suggestion: suggestionSchema }) } } };

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Knowledge changes suggested by people's answers to handed-over questions, newest first",
  security,
  request: { query: pageQuery.extend({ status: z.enum(schema.knowledgeSuggestionStatuses).optional() }) },
  responses: {
    200: {
      description: "A page of suggestions",
      content: { "application/json": { schema: pageSchema(suggestionSchema) } },
    },
    ...problemResponses,
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One suggestion",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The suggestion", ...one }, 404: notFoundResponse, ...problemResponses },
});
const accept = createRoute({
  method: "post",
  path: "/{id}/accept",
  summary: "Accept a suggestion: add the example question to its entry, or create the drafted entry",
  description:
    "An admin may edit before accepting: `question` replaces the example question; `title` and `content` replace the drafted entry's. A decided suggestion cannot be decided again (409).",
  security,
  request: {
    params: idParam,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z
            .object({
              question: z.string().trim().min(1).max(300),
              title: z.string().trim().min(1).max(300),
              content: z.string().trim().min(1).max(20_000),
            })
            .partial()
            .strict(),
        },
      },
    },
  },
  responses: { 200: { description: "The accepted suggestion", ...one }, 404: notFoundResponse, ...problemResponses },
});
const dismiss = createRoute({
  method: "post",
  path: "/{id}/dismiss",
  summary: "Dismiss a suggestion",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The dismissed suggestion", ...one }, 404: notFoundResponse, ...problemResponses },
});

const pending = async (db: Database, organizationId: string, id: string): Promise<SuggestionRow> =>
  undecided(
    await findOwned(db, schema.knowledgeSuggestions, id, organizationId, "knowledge suggestion"),
    "pending",
    "suggestion",
  );

/**
 * Knowledge suggestions (`/v1/knowledge-suggestions`): what Frontdesk learnt from people. Accepting
 * writes the knowledge change, the decision and the audit row in one transaction.
 */
export const knowledgeSuggestions = configApp<ChatEnv>()
  .openapi(list, async (c) => {
    requireScope(c.var.identity, "config:read");
    const query = c.req.valid("query");
    const t = schema.knowledgeSuggestions;
    const result = await newestFirstPage(createDb(c.env), t, c.var.identity.organizationId, query, {
      status: t.status,
    });
    return c.json({ data: result.data.map(toView), nextCursor: result.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    requireScope(c.var.identity, "config:read");
    const t = schema.knowledgeSuggestions;
    const row = await findOwned(
      createDb(c.env),
      t,
      c.req.valid("param").id,
      c.var.identity.organizationId,
      "knowledge suggestion",
    );
    return c.json({ suggestion: toView(row) }, 200);
  })
  .openapi(accept, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const edits = c.req.valid("json") ?? {};
    const db = createDb(c.env);
    const organizationId = identity.organizationId;
    const suggestion = await pending(db, organizationId, id);
    const s = schema.knowledgeSuggestions;
    const k = schema.knowledgeEntries;
    // A drafted entry takes the suggestion's id: two accepts racing cannot create it twice (the
    // loser inserts nothing, and its guarded decision below finds the suggestion already decided).
    const entryId = suggestion.knowledgeEntryId ?? suggestion.id;
    const question = edits.question ?? suggestion.question;
    const change =
      suggestion.kind === "example_question"
        ? db
            .update(k)
            .set({
              exampleQuestions: sql`case when ${question} = any(${k.exampleQuestions})
                then ${k.exampleQuestions} else array_append(${k.exampleQuestions}, ${question}) end`,
            })
            .where(ownedBy(k, entryId, organizationId))
            .returning()
        : db
            .insert(k)
            .values({
              id: entryId,
              organizationId,
              title: edits.title ?? suggestion.proposedTitle ?? suggestion.question,
              content: edits.content ?? suggestion.proposedContent ?? suggestion.answer,
              language: suggestion.language,
            })
            .onConflictDoNothing()
            .returning();
    const [changed, decided] = await db.batch([
      change,
      db
        .update(s)
        .set({ status: "accepted", knowledgeEntryId: entryId, decidedBy: actorLabel(identity), decidedAt: new Date() })
        .where(sql`${ownedBy(s, id, organizationId)} and ${s.status} = 'pending'`)
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "knowledge_suggestion.accepted",
        resource: "knowledge_suggestion",
        resourceId: id,
        details: { kind: suggestion.kind, knowledgeEntryId: entryId },
      }),
    ]);
    const [row] = decided;
    if (!row) throw new ProblemError("invalid-transition", "This suggestion was decided meanwhile.");
    const [entry] = changed;
    if (entry) await queueEmbedding(c.env, [{ organizationId: entry.organizationId, entryId: entry.id }]);
    return c.json({ suggestion: toView(row) }, 200);
  })
  .openapi(dismiss, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    await pending(db, identity.organizationId, id);
    const s = schema.knowledgeSuggestions;
    const [decided] = await db.batch([
      db
        .update(s)
        .set({ status: "dismissed", decidedBy: actorLabel(identity), decidedAt: new Date() })
        .where(sql`${ownedBy(s, id, identity.organizationId)} and ${s.status} = 'pending'`)
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId: identity.organizationId,
        action: "knowledge_suggestion.dismissed",
        resource: "knowledge_suggestion",
        resourceId: id,
      }),
    ]);
    const [row] = decided;
    if (!row) throw new ProblemError("invalid-transition", "This suggestion was decided meanwhile.");
    return c.json({ suggestion: toView(row) }, 200);
  });
