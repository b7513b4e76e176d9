import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, unique, vector } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, tsvector, updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

export const embeddingSourceTypes = ["knowledge_base", "conversation", "message", "custom"] as const;

/** The knowledge base the assistant answers from. Seeds: 002 knowledge_entries, 003 knowledge_base, 004 knowledge_base_articles. */
export const knowledgeEntries = pgTable(
  "knowledge_entries",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    content: text("content").notNull(),
    category: text("category"),
    tags: text("tags").array().notNull().default(sql`'{}'`),
    keywords: text("keywords").array().notNull().default(sql`'{}'`),
    intent: text("intent"),
    isPublished: boolean("is_published").notNull().default(true),
    sourceUrl: text("source_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(content, '')), 'B')`,
    ),
    embedding: vector("embedding", { dimensions: 1536 }),
  },
  (t) => [
    unique("knowledge_entries_organization_id_id_key").on(t.organizationId, t.id),
    index("knowledge_entries_search_vector_idx").using("gin", t.searchVector),
    index("knowledge_entries_published_idx").on(t.organizationId, t.category).where(sql`${t.isPublished}`),
    index("knowledge_entries_tags_idx").using("gin", t.tags),
    index("knowledge_entries_intent_idx").on(t.organizationId, t.intent).where(sql`${t.intent} is not null`),
    index("knowledge_entries_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
  ],
);

/** Embeddings of any text (knowledge, conversations, custom). Seed: 003 vector embeddings collection. */
export const embeddings = pgTable(
  "embeddings",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    sourceType: text("source_type", { enum: embeddingSourceTypes }).notNull(),
    sourceId: text("source_id").notNull(),
    text: text("text").notNull(),
    model: text("model"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    embedding: vector("embedding", { dimensions: 1536 }).notNull(),
  },
  (t) => [
    check("embeddings_source_type_check", oneOf(t.sourceType, embeddingSourceTypes)),
    index("embeddings_organization_id_source_type_idx").on(t.organizationId, t.sourceType),
    index("embeddings_source_id_idx").on(t.sourceId),
    index("embeddings_embedding_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
  ],
);
