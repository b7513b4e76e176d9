import { createDb } from "@frontdesk/db";
import { type KnowledgeHit, type KnowledgeScope, searchKnowledge } from "../engine/knowledge.ts";
import { configuredEmbedder } from "../engine/models/embeddings.ts";
import type { ChatEnv } from "../env.ts";

/**
 * The knowledge search a turn uses: lexical, and by embedding too where an embedder is configured
 * (a failed embedding leaves it lexical). The inbox's search and the editor's preview use the same.
 */
export function knowledgeSearcher(env: ChatEnv, organizationId: string, scope: KnowledgeScope = {}) {
  const db = createDb(env);
  const embedder = configuredEmbedder(env);
  return async (query: string, language: string | null, limit?: number): Promise<KnowledgeHit[]> => {
    const embedding = await embedder?.embed(query).catch(() => undefined);
    return searchKnowledge(db, organizationId, query, {
      embedding,
      embeddingModel: embedder?.model,
      language,
      scope,
      ...(limit ? { limit } : {}),
    });
  };
}
