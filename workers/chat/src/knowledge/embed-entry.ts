import { createDb, schema } from "@frontdesk/db";
import { ownedBy } from "@frontdesk/http";
import { sql } from "drizzle-orm";
import { hasPgvector, vectorLiteral } from "../engine/knowledge.ts";
import { configuredEmbedder } from "../engine/models/embeddings.ts";
import type { ChatEnv } from "../env.ts";

/**
 * Stores the entry's embedding (title, example questions, content) and the model that made it,
 * when this deployment has an embedder and the database pgvector, so that questions worded
 * differently from the entry still find it. A failure leaves the entry searchable by its words
 * (and without a stale embedding).
 */
export async function embedEntry(env: ChatEnv, row: typeof schema.knowledgeEntries.$inferSelect): Promise<void> {
  const embedder = configuredEmbedder(env);
  const db = createDb(env);
  if (!embedder || !(await hasPgvector(db))) return;
  const text = [row.title, ...row.exampleQuestions, row.content].join("\n");
  const embedding = await embedder.embed(text).catch(() => undefined);
  const value = embedding ? sql`${vectorLiteral(embedding)}::vector` : sql`null`;
  const model = embedding ? embedder.model : null;
  const t = schema.knowledgeEntries;
  await db.execute(
    sql`update ${t} set embedding = ${value}, embedding_model = ${model} where ${ownedBy(t, row.id, row.organizationId)}`,
  );
}
