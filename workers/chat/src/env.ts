import type { DatabaseBindings } from "@frontdesk/db";

/**
 * Model providers, all optional: an AI agent whose model has no credentials here is answered by the
 * built-in responder. Secrets (API keys and tokens) are set with `wrangler secret put`.
 */
export interface ModelBindings {
  /** Workers AI; add `[ai] binding = "AI"` to wrangler.toml when deploying. */
  AI?: Ai;
  OPENAI_API_KEY?: string;
  CLOUDFLARE_API_TOKEN?: string;
}

export type ChatEnv = Env & DatabaseBindings & ModelBindings;
