import { allowsPrivateUrls, privateUrlReason } from "@frontdesk/http";
import { z } from "zod";
import type { ChatEnv } from "../../env.ts";
import { ModelError } from "./chat-model.ts";
import { type AiRunner, bindingRunner, restRunner } from "./workers-ai.ts";

/** The size of the schema's embedding columns (vector(1536)). */
export const embeddingDimensions = 1536;

export interface Embedder {
  /** The model's name, stored with each embedding so that only one model's vectors are compared. */
  model: string;
  embed(text: string): Promise<number[]>;
}

/**
 * A shorter embedding padded with zeros to the column's size: cosine similarity between two padded
 * vectors is that of the originals, so 768- or 1024-dimension models share the column.
 */
function fitted(embedding: number[], source: string): number[] {
  if (embedding.length === 0 || embedding.length > embeddingDimensions) {
    throw new ModelError(`${source}: an embedding of ${embedding.length} dimensions (at most ${embeddingDimensions})`);
  }
  return embedding.length === embeddingDimensions
    ? embedding
    : [...embedding, ...new Array<number>(embeddingDimensions - embedding.length).fill(0)];
}

const openAiResponse = z.object({ data: z.array(z.object({ embedding: z.array(z.number()) })).min(1) });

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint. */
export function openAiEmbedder(options: { baseUrl: string; apiKey: string; model: string }): Embedder {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
  return {
    model: options.model,
    async embed(text) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: options.model, input: text }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new ModelError(`${endpoint} answered ${response.status}`);
      const parsed = openAiResponse.safeParse(await response.json());
      if (!parsed.success) throw new ModelError(`${endpoint}: unexpected embeddings: ${parsed.error.message}`);
      return fitted(parsed.data.data[0]?.embedding ?? [], endpoint);
    },
  };
}

const workersAiResponse = z.object({ data: z.array(z.array(z.number())).min(1) });

/** Embeddings from a Workers AI text-embedding model (`@cf/baai/bge-m3`, ...): the binding or REST. */
export function workersAiEmbedder(run: AiRunner, model: string): Embedder {
  return {
    model,
    async embed(text) {
      const parsed = workersAiResponse.safeParse(await run(model, { text: [text] }));
      if (!parsed.success) throw new ModelError(`${model}: unexpected embeddings: ${parsed.error.message}`);
      return fitted(parsed.data.data[0] ?? [], model);
    },
  };
}

/** What choosing an embedder reads from the environment (a subset of ChatEnv, as plain strings). */
export interface EmbedderSettings {
  EMBEDDINGS_MODEL?: string;
  AI?: ChatEnv["AI"];
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_API_BASE_URL?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  ALLOW_PRIVATE_URLS?: string;
}

/**
 * The deployment's embedder, from `EMBEDDINGS_MODEL`: a Workers AI model (`@cf/...`, through the AI
 * binding or the REST API) or a model of the OpenAI-compatible endpoint. Undefined when unset or
 * its provider has no credentials here.
 */
export function configuredEmbedder(env: EmbedderSettings): Embedder | undefined {
  const model: string = env.EMBEDDINGS_MODEL ?? "";
  if (!model) return undefined;
  const usable = (base: string) => privateUrlReason(base, allowsPrivateUrls(env)) === undefined;
  if (model.startsWith("@cf/")) {
    if (env.AI) return workersAiEmbedder(bindingRunner(env.AI), model);
    const baseUrl = env.CLOUDFLARE_API_BASE_URL || "https://api.cloudflare.com/client/v4";
    if (!env.CLOUDFLARE_ACCOUNT_ID || !env.CLOUDFLARE_API_TOKEN || !usable(baseUrl)) return undefined;
    const runner = restRunner({ baseUrl, accountId: env.CLOUDFLARE_ACCOUNT_ID, apiToken: env.CLOUDFLARE_API_TOKEN });
    return workersAiEmbedder(runner, model);
  }
  if (!env.OPENAI_BASE_URL || !env.OPENAI_API_KEY || !usable(env.OPENAI_BASE_URL)) return undefined;
  return openAiEmbedder({ baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model });
}
