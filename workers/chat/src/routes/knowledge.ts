import { httpUrlMessage, isHttpUrl } from "@frontdesk/contracts/links";
import { schema } from "@frontdesk/db";
import { configApp, configRoutes, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { detectableLanguages } from "../engine/language.ts";
import { isolateLanguageDetector } from "../engine/language-model.ts";
import type { ChatEnv } from "../env.ts";
import { embeddingStatus, queueEmbedding, queueStaleEntries } from "../knowledge/embedding-queue.ts";
import { knowledgeSearcher } from "../knowledge/searcher.ts";
import { previewReply } from "../simulations/preview.ts";

/** A language retrieval can stem (ISO 639-1). */
export const knowledgeLanguage = z.enum(detectableLanguages);

const knowledgeSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    content: z.string(),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    keywords: z.array(z.string()),
    exampleQuestions: z.array(z.string()),
    language: z.string(),
    intent: z.string().nullable(),
    isPublished: z.boolean(),
    sourceUrl: z.string().nullable(),
    embedding: z
      .object({ model: z.string(), dimensions: z.number().int(), embeddedAt: z.string().nullable() })
      .nullable()
      .openapi({ description: "The entry's vector: which model made it, when (null: not embedded)." }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("KnowledgeEntry");

const fields = {
  title: z.string().trim().min(1).max(300),
  content: z.string().trim().min(1).max(20_000),
  category: z.string().trim().max(100).nullable(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30),
  keywords: z.array(z.string().trim().min(1).max(50)).max(50),
  exampleQuestions: z.array(z.string().trim().min(1).max(300)).max(50),
  language: knowledgeLanguage,
  intent: z.string().trim().max(100).nullable(),
  isPublished: z.boolean(),
  sourceUrl: z.url().max(2000).refine(isHttpUrl, httpUrlMessage).nullable(),
};
const createBody = z
  .object(fields)
  .partial({
    category: true,
    tags: true,
    keywords: true,
    exampleQuestions: true,
    language: true,
    intent: true,
    isPublished: true,
    sourceUrl: true,
  })
  .strict();
const updateBody = z.object(fields).partial().strict();

type KnowledgeRow = typeof schema.knowledgeEntries.$inferSelect;
const toEntry = (row: KnowledgeRow): z.infer<typeof knowledgeSchema> => ({
  id: row.id,
  title: row.title,
  content: row.content,
  category: row.category,
  tags: row.tags,
  keywords: row.keywords,
  exampleQuestions: row.exampleQuestions,
  language: row.language,
  intent: row.intent,
  isPublished: row.isPublished,
  sourceUrl: row.sourceUrl,
  embedding:
    row.embeddingModel && row.embeddingDimensions
      ? {
          model: row.embeddingModel,
          dimensions: row.embeddingDimensions,
          embeddedAt: row.embeddedAt?.toISOString() ?? null,
        }
      : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const security = [{ bearer: [] }];

const search = createRoute({
  method: "get",
  path: "/search",
  summary: "Search published knowledge as the assistant does: ranked entries with a 0-1 score",
  security,
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(500),
      limit: z.coerce.number().int().min(1).max(20).default(5),
      /** The asker's language; detected from `q` when absent. */
      language: knowledgeLanguage.optional(),
    }),
  },
  responses: {
    200: {
      description: "The best entries first",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(
              z.object({
                id: z.uuid(),
                title: z.string(),
                content: z.string(),
                category: z.string().nullable(),
                sourceUrl: z.string().nullable(),
                language: z.string(),
                score: z.number(),
              }),
            ),
            /** The language the question was searched as (null: it could not be told). */
            language: z.string().nullable(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});
const preview = createRoute({
  method: "post",
  path: "/preview",
  summary: "What the assistant would answer to a question: the reply, its confidence and sources, or a handover",
  description:
    "Runs the real turn pipeline (intent, language, the same retrieval and handover threshold, the built-in responder) as a conversation's first question, without customer data or tools: nothing is stored, booked or opened.",
  security,
  request: {
    body: {
      content: { "application/json": { schema: z.object({ question: z.string().trim().min(1).max(500) }).strict() } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The answer the assistant would give",
      content: {
        "application/json": {
          schema: z
            .object({
              reply: z.string(),
              handover: z.boolean().openapi({ description: "Whether the assistant would hand over to a person." }),
              confidence: z.number(),
              threshold: z.number().openapi({ description: "The organization's handover threshold." }),
              intent: z.string(),
              language: z.string().nullable(),
              sources: z.array(z.object({ id: z.uuid(), title: z.string(), score: z.number() })),
            })
            .openapi("AnswerPreview"),
        },
      },
    },
    ...problemResponses,
  },
});

/** The knowledge base (`/v1/knowledge`): what the assistant answers from. Writes are audited. */
export const knowledge = configApp<ChatEnv>().openapi(search, async (c) => {
  requireScope(c.var.identity, "config:read");
  const { q, limit } = c.req.valid("query");
  const language = c.req.valid("query").language ?? (await isolateLanguageDetector(c.env.ASSETS)).detect(q);
  const hits = await knowledgeSearcher(c.env, c.var.identity.organizationId)(q, language, limit);
  return c.json(
    {
      data: hits.map((hit) => ({
        id: hit.id,
        title: hit.title,
        content: hit.content,
        category: hit.category,
        sourceUrl: hit.sourceUrl,
        language: hit.language,
        score: hit.score,
      })),
      language,
    },
    200,
  );
});

knowledge.openapi(preview, async (c) => {
  requireScope(c.var.identity, "config:read");
  const { question } = c.req.valid("json");
  return c.json(await previewReply(c.env, c.var.identity.organizationId, question), 200);
});

const embeddingStatusSchema = z
  .object({
    model: z
      .string()
      .nullable()
      .openapi({ description: "The deployment's embedding model (null: none, lexical only)." }),
    dimensions: z.number().int().nullable(),
    vectorSearch: z.boolean().openapi({ description: "Whether the database can search vectors (pgvector)." }),
    entries: z.number().int(),
    embedded: z.number().int().openapi({ description: "Entries with a vector of the model." }),
  })
  .openapi("KnowledgeEmbeddingStatus");

const embeddings = createRoute({
  method: "get",
  path: "/embeddings",
  summary: "How far the knowledge base is embedded by the deployment's embedding model",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "The status", content: { "application/json": { schema: embeddingStatusSchema } } },
    ...problemResponses,
  },
});

const refreshEmbeddings = createRoute({
  method: "post",
  path: "/embeddings/refresh",
  summary: "Queue every entry whose vector is missing or of another model to be embedded (in the background)",
  security: [{ bearer: [] }],
  responses: {
    202: {
      description: "Queued",
      content: { "application/json": { schema: z.object({ queued: z.number().int() }) } },
    },
    ...problemResponses,
  },
});

knowledge.openapi(embeddings, async (c) => {
  requireScope(c.var.identity, "config:read");
  return c.json(await embeddingStatus(c.env, c.var.identity.organizationId), 200);
});

knowledge.openapi(refreshEmbeddings, async (c) => {
  requireScope(c.var.identity, "config:write");
  return c.json({ queued: await queueStaleEntries(c.env, c.var.identity.organizationId) }, 202);
});

configRoutes(knowledge, {
  table: schema.knowledgeEntries,
  label: "knowledge entry",
  resource: "knowledge_entry",
  key: "entry",
  view: knowledgeSchema,
  toView: toEntry,
  createBody,
  updateBody,
  listQuery: z.object({ category: z.string().max(100).optional(), language: knowledgeLanguage.optional() }),
  listFilter: (t, query) =>
    and(
      typeof query.category === "string" ? eq(t.category, query.category) : undefined,
      typeof query.language === "string" ? eq(t.language, query.language) : undefined,
    ),
  afterWrite: (env, row) => queueEmbedding(env, [{ organizationId: row.organizationId, entryId: row.id }]),
});
