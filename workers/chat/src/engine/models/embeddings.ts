import { allowsPrivateUrls, privateUrlReason } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { ChatEnv } from "../../env.ts";
import { ModelError } from "./chat-model.ts";
import { type AiRunner, bindingRunner, restRunner } from "./workers-ai.ts";

/** The sizes the knowledge base has a vector column (and index) for (migration 0023). */
export const storedDimensions = [384, 512, 768, 1024, 1536] as const;
export type StoredDimensions = (typeof storedDimensions)[number];

/** A question is embedded as a query; a knowledge entry as a document (some models tell them apart). */
export type EmbeddingKind = "query" | "document";

export interface Embedder {
  /** The model's name, stored with each vector so that only one model's vectors are compared. */
  model: string;
  dimensions: StoredDimensions;
  /** One vector per text, in order, each of `dimensions` numbers. */
  embed(texts: string[], kind: EmbeddingKind): Promise<number[][]>;
}

/** The native size of the embedding models a deployment is likely to name. */
const knownDimensions: Record<string, StoredDimensions> = {
  "@cf/baai/bge-m3": 1024,
  "@cf/baai/bge-large-en-v1.5": 1024,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-small-en-v1.5": 384,
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 1536,
  "text-embedding-ada-002": 1536,
};

/**
 * BGE's English v1.5 models want retrieval queries prefixed with this instruction (documents are
 * embedded as they are); bge-m3 and OpenAI's models need no prefix.
 */
const bgeQueryInstruction = "Represent this sentence for searching relevant passages: ";
const queryPrefix = (model: string, kind: EmbeddingKind) =>
  kind === "query" && /bge-(small|base|large)-en-v1\.5$/.test(model) ? bgeQueryInstruction : "";

function checked(vectors: number[][], count: number, dimensions: number, source: string): number[][] {
  if (vectors.length !== count) throw new ModelError(`${source}: ${vectors.length} embeddings for ${count} texts`);
  for (const vector of vectors) {
    if (vector.length !== dimensions) {
      throw new ModelError(`${source}: an embedding of ${vector.length} dimensions, expected ${dimensions}`);
    }
  }
  return vectors;
}

const openAiResponse = z.object({
  data: z.array(z.object({ index: z.number().int().optional(), embedding: z.array(z.number()) })).min(1),
});

/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint. Models that can shorten their
 * vectors (OpenAI's v3) are asked for the column's size.
 */
export function openAiEmbedder(options: {
  baseUrl: string;
  apiKey: string;
  model: string;
  dimensions: StoredDimensions;
}): Embedder {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
  const shortened = /^text-embedding-3-/.test(options.model) ? { dimensions: options.dimensions } : {};
  return {
    model: options.model,
    dimensions: options.dimensions,
    async embed(texts, kind) {
      if (texts.length === 0) return [];
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: options.model,
          input: texts.map((text) => queryPrefix(options.model, kind) + text),
          ...shortened,
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new ModelError(`${endpoint} answered ${response.status}`);
      const parsed = openAiResponse.safeParse(await response.json());
      if (!parsed.success) throw new ModelError(`${endpoint}: unexpected embeddings: ${parsed.error.message}`);
      const ordered = [...parsed.data.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return checked(
        ordered.map((item) => item.embedding),
        texts.length,
        options.dimensions,
        endpoint,
      );
    },
  };
}

const workersAiResponse = z.object({ data: z.array(z.array(z.number())).min(1) });

/** Embeddings from a Workers AI text-embedding model (`@cf/baai/bge-m3`, ...): the binding or REST. */
export function workersAiEmbedder(run: AiRunner, model: string, dimensions: StoredDimensions): Embedder {
  return {
    model,
    dimensions,
    async embed(texts, kind) {
      if (texts.length === 0) return [];
      const text = texts.map((item) => queryPrefix(model, kind) + item);
      const parsed = workersAiResponse.safeParse(await run(model, { text }));
      if (!parsed.success) throw new ModelError(`${model}: unexpected embeddings: ${parsed.error.message}`);
      return checked(parsed.data.data, texts.length, dimensions, model);
    },
  };
}

/** What choosing an embedder reads from the environment (a subset of ChatEnv, as plain strings). */
export interface EmbedderSettings {
  EMBEDDINGS_MODEL?: string;
  /** The model's vector size when it is not one of the known models'. */
  EMBEDDINGS_DIMENSIONS?: string;
  AI?: ChatEnv["AI"];
  CLOUDFLARE_ACCOUNT_ID?: string;
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_API_BASE_URL?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  ALLOW_PRIVATE_URLS?: string;
}

/** The model's vector size: `EMBEDDINGS_DIMENSIONS`, else the known model's; one the schema stores. */
function dimensionsOf(model: string, configured: string | undefined): StoredDimensions | undefined {
  const size = configured ? Number(configured) : knownDimensions[model];
  return storedDimensions.find((stored) => stored === size);
}

/**
 * The deployment's embedder, from `EMBEDDINGS_MODEL`: a Workers AI model (`@cf/...`, through the AI
 * binding or the REST API) or a model of the OpenAI-compatible endpoint. Undefined when unset, its
 * provider has no credentials here, or its size is not one the schema stores.
 */
export function configuredEmbedder(env: EmbedderSettings): Embedder | undefined {
  const model: string = env.EMBEDDINGS_MODEL ?? "";
  if (!model) return undefined;
  const dimensions = dimensionsOf(model, env.EMBEDDINGS_DIMENSIONS);
  if (!dimensions) return undefined;
  const usable = (base: string) => privateUrlReason(base, allowsPrivateUrls(env)) === undefined;
  if (model.startsWith("@cf/")) {
    if (env.AI) return workersAiEmbedder(bindingRunner(env.AI), model, dimensions);
    const baseUrl = env.CLOUDFLARE_API_BASE_URL || "https://api.cloudflare.com/client/v4";
    if (!env.CLOUDFLARE_ACCOUNT_ID || !env.CLOUDFLARE_API_TOKEN || !usable(baseUrl)) return undefined;
    const runner = restRunner({ baseUrl, accountId: env.CLOUDFLARE_ACCOUNT_ID, apiToken: env.CLOUDFLARE_API_TOKEN });
    return workersAiEmbedder(runner, model, dimensions);
  }
  if (!env.OPENAI_BASE_URL || !env.OPENAI_API_KEY || !usable(env.OPENAI_BASE_URL)) return undefined;
  return openAiEmbedder({ baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model, dimensions });
}
