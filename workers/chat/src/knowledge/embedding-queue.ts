import { createDb, type Database, type DatabaseBindings, schema } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { hasPgvector, vectorColumn, vectorLiteral } from "../engine/knowledge.ts";
import {
  configuredEmbedder,
  type Embedder,
  type EmbedderSettings,
  storedDimensions,
} from "../engine/models/embeddings.ts";
import type { ChatEnv } from "../env.ts";

/** A knowledge entry to embed (again): what the queue carries, checked on the way out. */
export const embeddingWork = z.object({ organizationId: z.uuid(), entryId: z.uuid() }).strict();
export type EmbeddingWork = z.infer<typeof embeddingWork>;

/** How many entries the hourly sweep queues at most (the rest the next hour). */
const sweepLimit = 1000;
/** Queues take at most 100 messages a send. */
const sendBatchSize = 100;

const k = schema.knowledgeEntries;

/** The text an entry's vector is made from: its title, example questions and content. */
const embeddedText = (row: { title: string; exampleQuestions: string[]; content: string }) =>
  [row.title, ...row.exampleQuestions, row.content].join("\n");

async function textHash(model: string, text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${model}\n${text}`));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Queues entries for embedding when this deployment has an embedder; never embeds inside a request. */
export async function queueEmbedding(env: ChatEnv, entries: EmbeddingWork[]): Promise<void> {
  if (entries.length === 0 || !configuredEmbedder(env)) return;
  for (let start = 0; start < entries.length; start += sendBatchSize) {
    const chunk = entries.slice(start, start + sendBatchSize);
    await env.KNOWLEDGE_EMBEDDINGS.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
  }
}

/** An entry's vector is missing, or of another model or size than the deployment's. */
const stale = (embedder: Embedder) =>
  or(
    isNull(k.embeddingModel),
    ne(k.embeddingModel, embedder.model),
    isNull(k.embeddingDimensions),
    ne(k.embeddingDimensions, embedder.dimensions),
  );

/** The organization's entries whose vector is missing or stale, queued; answers how many. */
export async function queueStaleEntries(env: ChatEnv, organizationId?: string): Promise<number> {
  const embedder = configuredEmbedder(env);
  const db = createDb(env);
  if (!embedder || !(await hasPgvector(db))) return 0;
  const rows = await db
    .select({ organizationId: k.organizationId, entryId: k.id })
    .from(k)
    .where(and(organizationId ? eq(k.organizationId, organizationId) : undefined, stale(embedder)))
    .limit(sweepLimit);
  await queueEmbedding(env, rows);
  return rows.length;
}

/** How far the organization's knowledge is embedded by the deployment's model. */
export async function embeddingStatus(env: ChatEnv, organizationId: string) {
  const embedder = configuredEmbedder(env);
  const db = createDb(env);
  const [counts] = await db
    .select({
      entries: sql<number>`count(*)::int`,
      embedded: embedder
        ? sql<number>`count(*) filter (where ${k.embeddingModel} = ${embedder.model} and ${k.embeddingDimensions} = ${embedder.dimensions})::int`
        : sql<number>`0`,
    })
    .from(k)
    .where(eq(k.organizationId, organizationId));
  const vectors = embedder ? await hasPgvector(db) : false;
  return {
    model: embedder?.model ?? null,
    dimensions: embedder?.dimensions ?? null,
    vectorSearch: vectors,
    entries: counts?.entries ?? 0,
    embedded: counts?.embedded ?? 0,
  };
}

/** The batch's entries as stored now (each in its own organization). */
async function loadEntries(db: Database, work: EmbeddingWork[]) {
  const ids = [...new Set(work.map((item) => item.entryId))];
  const rows = await db
    .select({
      id: k.id,
      organizationId: k.organizationId,
      title: k.title,
      exampleQuestions: k.exampleQuestions,
      content: k.content,
      updatedAt: k.updatedAt,
      embeddedTextHash: k.embeddedTextHash,
    })
    .from(k)
    .where(inArray(k.id, ids));
  // A message names the entry's organization: a row of another organization is not its entry.
  return rows.filter((row) =>
    work.some((item) => item.entryId === row.id && item.organizationId === row.organizationId),
  );
}

/**
 * The queue's consumer: the batch's entries whose text or model changed since their vector was
 * made are embedded in one model call and stored in their size's column (the other sizes'
 * cleared). An entry edited meanwhile keeps its newer state (its edit queued it again). A failure
 * throws, so the queue retries the batch later.
 */
export async function embedQueuedEntries(
  env: EmbedderSettings & DatabaseBindings,
  work: EmbeddingWork[],
): Promise<{ embedded: number }> {
  const embedder = configuredEmbedder(env);
  const db = createDb(env);
  if (!embedder || work.length === 0 || !(await hasPgvector(db))) return { embedded: 0 };
  const column = vectorColumn(embedder.dimensions);
  if (!column) return { embedded: 0 };
  const rows = await loadEntries(db, work);
  const hashed = await Promise.all(
    rows.map(async (row) => ({
      row,
      text: embeddedText(row),
      hash: await textHash(embedder.model, embeddedText(row)),
    })),
  );
  const due = hashed.filter(({ row, hash }) => row.embeddedTextHash !== hash);
  if (due.length === 0) return { embedded: 0 };
  const vectors = await embedder.embed(
    due.map(({ text }) => text),
    "document",
  );
  const others = storedDimensions.filter((size) => size !== embedder.dimensions);
  const cleared = sql.join(
    others.map((size) => sql`${sql.identifier(`embedding_${size}`)} = null`),
    sql`, `,
  );
  const size = sql.raw(String(embedder.dimensions));
  const updates = due.map(({ row, hash }, index) =>
    db.execute(sql`update ${k} set ${column} = ${vectorLiteral(vectors[index] ?? [])}::vector(${size}), ${cleared},
      embedding_model = ${embedder.model}, embedding_dimensions = ${embedder.dimensions},
      embedded_text_hash = ${hash}, embedded_at = now()
      where organization_id = ${row.organizationId} and id = ${row.id} and updated_at = ${row.updatedAt.toISOString()}::timestamptz`),
  );
  const [first, ...rest] = updates;
  if (first) await db.batch([first, ...rest]);
  return { embedded: due.length };
}

/** Parses a queue message's body; a malformed one is logged and dropped (it cannot succeed later). */
export function readEmbeddingWork(body: unknown): EmbeddingWork | undefined {
  const parsed = embeddingWork.safeParse(body);
  if (!parsed.success)
    console.error(JSON.stringify({ error: "malformed-embedding-work", issues: parsed.error.issues }));
  return parsed.data;
}
