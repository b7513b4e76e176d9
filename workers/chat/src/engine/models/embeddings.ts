import { z } from "zod";
import type { ChatEnv } from "../../env.ts";
import { ModelError } from "./chat-model.ts";

/** The size of the schema's embedding columns (vector(1536)). */
export const embeddingDimensions = 1536;

export interface Embedder {
  embed(text: string): Promise<number[]>;
}

const embeddingsResponse = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()).length(embeddingDimensions) })).min(1),
});

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint (a model with 1536 dimensions). */
export function openAiEmbedder(options: { baseUrl: string; apiKey: string; model: string }): Embedder {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
  return {
    async embed(text) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: options.model, input: text }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new ModelError(`${endpoint} answered ${response.status}`);
      const parsed = embeddingsResponse.safeParse(await response.json());
      if (!parsed.success) throw new ModelError(`${endpoint}: unexpected embeddings: ${parsed.error.message}`);
      return parsed.data.data[0]?.embedding ?? [];
    },
  };
}

/** The deployment's embedder, when `EMBEDDINGS_MODEL` and an OpenAI-compatible endpoint are set. */
export function configuredEmbedder(env: ChatEnv): Embedder | undefined {
  if (!env.EMBEDDINGS_MODEL || !env.OPENAI_BASE_URL || !env.OPENAI_API_KEY) return undefined;
  return openAiEmbedder({ baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.EMBEDDINGS_MODEL });
}
