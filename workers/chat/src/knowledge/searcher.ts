import { createDb, type Database, schema } from "@frontdesk/db";
import { and, eq } from "drizzle-orm";
import { type KnowledgeHit, type KnowledgeScope, searchKnowledge } from "../engine/knowledge.ts";
import { configuredEmbedder } from "../engine/models/embeddings.ts";
import type { ChatEnv } from "../env.ts";

/** Whether any of the organization's entries has a vector of this model. */
async function hasEntriesEmbeddedBy(db: Database, organizationId: string, model: string): Promise<boolean> {
  const k = schema.knowledgeEntries;
  const found = await db
    .select({ id: k.id })
    .from(k)
    .where(and(eq(k.organizationId, organizationId), eq(k.embeddingModel, model)))
    .limit(1);
  return found.length > 0;
}

export interface SearcherOptions {
  /**
   * The models the organization's entries are embedded by, when the caller knows (a session loads
   * them); otherwise looked up once, on the first search.
   */
  embeddingModels?: string[] | undefined;
}

/**
 * The knowledge search a turn uses: lexical, and by embedding too only when the deployment has an
 * embedder and the organization's entries have vectors of its model (a failed embedding leaves it
 * lexical). A question is embedded once however often it is searched (a model's tool call repeats
 * the turn's question), and while the lexical statement runs. The inbox's search, the editor's
 * preview and the simulations use the same.
 */
export function knowledgeSearcher(
  env: ChatEnv,
  organizationId: string,
  scope: KnowledgeScope = {},
  options: SearcherOptions = {},
) {
  const db = createDb(env);
  const embedder = configuredEmbedder(env);
  let embedded: Promise<boolean> | undefined;
  const queries = new Map<string, Promise<number[] | undefined>>();
  const embeddingOf = async (query: string): Promise<number[] | undefined> => {
    if (!embedder) return undefined;
    embedded ??= options.embeddingModels
      ? Promise.resolve(options.embeddingModels.includes(embedder.model))
      : hasEntriesEmbeddedBy(db, organizationId, embedder.model).catch(() => false);
    if (!(await embedded)) return undefined;
    let pending = queries.get(query);
    if (!pending) {
      pending = embedder.embed([query], "query").then(
        ([vector]) => vector,
        () => undefined,
      );
      queries.set(query, pending);
    }
    return pending;
  };
  return async (query: string, language: string | null, limit?: number): Promise<KnowledgeHit[]> =>
    searchKnowledge(db, organizationId, query, {
      embedding: embedder ? embeddingOf(query) : undefined,
      embeddingModel: embedder?.model,
      language,
      scope,
      ...(limit ? { limit } : {}),
    });
}
