import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  unique,
  uuid,
  vector,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, timestamptz, tsvector, updatedAt } from "./columns.ts";
import { conversations } from "./conversations.ts";
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
    /** Other ways customers ask what the entry answers; weighted like the title. */
    exampleQuestions: text("example_questions").array().notNull().default(sql`'{}'`),
    /** ISO 639-1; decides the entry's stemming and which customers it answers first. */
    language: text("language").notNull().default("en"),
    intent: text("intent"),
    isPublished: boolean("is_published").notNull().default(true),
    sourceUrl: text("source_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Title and example questions weigh A, keywords and tags B, content C; stemmed in the entry's language. */
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector(text_search_config(language), title), 'A') || setweight(to_tsvector(text_search_config(language), join_words(example_questions)), 'A') || setweight(to_tsvector(text_search_config(language), join_words(keywords || tags)), 'B') || setweight(to_tsvector(text_search_config(language), content), 'C')`,
    ),
    /** The entry's words as written, which a misspelt question word is corrected to (pg_trgm). */
    searchWords: text("search_words")
      .array()
      .generatedAlwaysAs(
        sql`tsvector_to_array(to_tsvector('simple', title || ' ' || join_words(example_questions) || ' ' || join_words(keywords || tags) || ' ' || content))`,
      ),
    /** The entry's embedding in the column of its size (migration 0023), unpadded. */
    embedding384: vector("embedding_384", { dimensions: 384 }),
    embedding512: vector("embedding_512", { dimensions: 512 }),
    embedding768: vector("embedding_768", { dimensions: 768 }),
    embedding1024: vector("embedding_1024", { dimensions: 1024 }),
    embedding1536: vector("embedding_1536", { dimensions: 1536 }),
    /** The model that made the embedding: a question is only compared with embeddings of its own model. */
    embeddingModel: text("embedding_model"),
    embeddingDimensions: smallint("embedding_dimensions"),
    /** SHA-256 of the model and the text embedded: a change of either makes the entry embedded again. */
    embeddedTextHash: text("embedded_text_hash"),
    embeddedAt: timestamptz("embedded_at"),
  },
  (t) => [
    unique("knowledge_entries_organization_id_id_key").on(t.organizationId, t.id),
    index("knowledge_entries_search_vector_idx").using("gin", t.searchVector),
    index("knowledge_entries_published_idx").on(t.organizationId, t.category).where(sql`${t.isPublished}`),
    index("knowledge_entries_tags_idx").using("gin", t.tags),
    index("knowledge_entries_intent_idx").on(t.organizationId, t.intent).where(sql`${t.intent} is not null`),
    index("knowledge_entries_embedding_384_idx").using("hnsw", t.embedding384.op("vector_cosine_ops")),
    index("knowledge_entries_embedding_512_idx").using("hnsw", t.embedding512.op("vector_cosine_ops")),
    index("knowledge_entries_embedding_768_idx").using("hnsw", t.embedding768.op("vector_cosine_ops")),
    index("knowledge_entries_embedding_1024_idx").using("hnsw", t.embedding1024.op("vector_cosine_ops")),
    index("knowledge_entries_embedding_1536_idx").using("hnsw", t.embedding1536.op("vector_cosine_ops")),
    index("knowledge_entries_embedding_model_idx").on(t.organizationId, t.embeddingModel),
    check(
      "knowledge_entries_embedding_dimensions_check",
      sql`${t.embeddingDimensions} is null or ${t.embeddingDimensions} in (384, 512, 768, 1024, 1536)`,
    ),
    index("knowledge_entries_language_idx").on(t.organizationId, t.language).where(sql`${t.isPublished}`),
    check("knowledge_entries_language_check", sql`${t.language} ~ '^[a-z]{2}$'`),
  ],
);

/** An organization's synonyms: in a question, each term stands for the others. */
export const synonymSets = pgTable(
  "synonym_sets",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    language: text("language").notNull().default("en"),
    terms: text("terms").array().notNull(),
    /** The terms' stems in the set's language, which questions are matched by. */
    lexemes: text("lexemes").array().generatedAlwaysAs(sql`term_lexemes(language, terms)`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("synonym_sets_lexemes_idx").using("gin", t.lexemes),
    index("synonym_sets_organization_id_idx").on(t.organizationId, t.language),
    check("synonym_sets_language_check", sql`${t.language} ~ '^[a-z]{2}$'`),
    check("synonym_sets_terms_check", sql`cardinality(${t.terms}) between 2 and 20`),
  ],
);

/**
 * The default lexicon every organization shares (read-only): a word, its synonyms in its most common
 * senses (Princeton WordNet 3.1) and its frequency of use per million words (SUBTLEX-US); loaded by
 * migration 0010, which scripts/build-lexicon.ts writes.
 */
export const lexiconWords = pgTable(
  "lexicon_words",
  {
    language: text("language").notNull(),
    term: text("term").notNull(),
    synonyms: text("synonyms").array().notNull().default(sql`'{}'`),
    frequency: real("frequency").notNull().default(0),
    lexeme: text("lexeme").generatedAlwaysAs(sql`(term_lexemes(language, array[term]))[1]`),
    /** Each synonym's lexeme, stemmed once when stored rather than on every question (migration 0026). */
    synonymLexemes: text("synonym_lexemes").array().generatedAlwaysAs(sql`first_lexemes(language, synonyms)`),
  },
  (t) => [primaryKey({ columns: [t.language, t.term] }), index("lexicon_words_lexeme_idx").on(t.language, t.lexeme)],
);

export const knowledgeSuggestionKinds = ["example_question", "new_entry"] as const;
export const knowledgeSuggestionStatuses = ["pending", "accepted", "dismissed"] as const;

/** A knowledge change suggested by a person's answer to a question the assistant handed over. */
export const knowledgeSuggestions = pgTable(
  "knowledge_suggestions",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: knowledgeSuggestionKinds }).notNull(),
    status: text("status", { enum: knowledgeSuggestionStatuses }).notNull().default("pending"),
    /** The entry the person's answer matches (an example question), or the one accepting a new entry created. */
    knowledgeEntryId: uuid("knowledge_entry_id"),
    conversationId: uuid("conversation_id").notNull(),
    questionMessageId: uuid("question_message_id").notNull(),
    answerMessageId: uuid("answer_message_id").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    language: text("language").notNull().default("en"),
    proposedTitle: text("proposed_title"),
    proposedContent: text("proposed_content"),
    decidedBy: text("decided_by"),
    decidedAt: timestamptz("decided_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("knowledge_suggestions_kind_check", oneOf(t.kind, knowledgeSuggestionKinds)),
    check("knowledge_suggestions_status_check", oneOf(t.status, knowledgeSuggestionStatuses)),
    check("knowledge_suggestions_entry_check", sql`${t.kind} = 'new_entry' or ${t.knowledgeEntryId} is not null`),
    unique("knowledge_suggestions_question_message_id_key").on(t.organizationId, t.questionMessageId),
    foreignKey({
      name: "knowledge_suggestions_entry_fkey",
      columns: [t.organizationId, t.knowledgeEntryId],
      foreignColumns: [knowledgeEntries.organizationId, knowledgeEntries.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "knowledge_suggestions_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }).onDelete("cascade"),
    index("knowledge_suggestions_status_idx").on(t.organizationId, t.status, t.createdAt.desc()),
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
