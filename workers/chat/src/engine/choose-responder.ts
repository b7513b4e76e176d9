import { agentModelPattern, allowsPrivateUrls, privateUrlReason } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";
import { builtinResponder } from "./builtin-responder.ts";
import { modelResponder } from "./model-responder.ts";
import type { ChatModel } from "./models/chat-model.ts";
import { openAiCompatibleModel } from "./models/openai-compatible.ts";
import { bindingRunner, restRunner, workersAiModel } from "./models/workers-ai.ts";
import type { Responder } from "./responder.ts";

/**
 * The model an AI agent names: `@cf/...` or `@hf/...` is Workers AI (the AI binding, or the REST
 * API with an account and token), `openai:<model>` an OpenAI-compatible endpoint. Undefined for
 * `builtin`, no model, or a provider this deployment has no credentials for.
 */
export function agentModel(env: ChatEnv, model: string | null | undefined): ChatModel | undefined {
  if (!model || model === "builtin" || !agentModelPattern.test(model)) return undefined;
  // A base URL into a private network is "not configured" unless the deployment allows it.
  const usable = (base: string) => privateUrlReason(base, allowsPrivateUrls(env)) === undefined;
  if (model.startsWith("@cf/") || model.startsWith("@hf/")) {
    if (env.AI) return workersAiModel(bindingRunner(env.AI), model);
    const baseUrl = env.CLOUDFLARE_API_BASE_URL || "https://api.cloudflare.com/client/v4";
    if (env.CLOUDFLARE_ACCOUNT_ID && env.CLOUDFLARE_API_TOKEN && usable(baseUrl)) {
      const runner = restRunner({
        baseUrl,
        accountId: env.CLOUDFLARE_ACCOUNT_ID,
        apiToken: env.CLOUDFLARE_API_TOKEN,
      });
      return workersAiModel(runner, model);
    }
    return undefined;
  }
  if (model.startsWith("openai:") && env.OPENAI_BASE_URL && env.OPENAI_API_KEY && usable(env.OPENAI_BASE_URL)) {
    return openAiCompatibleModel({ baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model: model.slice(7) });
  }
  return undefined;
}

/**
 * The responder for an AI agent's model. A model that fails (an outage, a malformed answer) does
 * not fail the customer's turn: the built-in responder answers, and the reply's metadata says why.
 */
export function chooseResponder(env: ChatEnv, model: string | null | undefined): Responder {
  const chat = agentModel(env, model);
  if (!chat) {
    if (!model || model === "builtin") return builtinResponder;
    return {
      respond: async (context) => ({
        ...(await builtinResponder.respond(context)),
        fallback: `${model} is not configured in this deployment`,
      }),
    };
  }
  const primary = modelResponder(chat);
  return {
    async respond(context) {
      try {
        return await primary.respond(context);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ...(await builtinResponder.respond(context)), fallback: `${chat.name} failed: ${reason}` };
      }
    },
  };
}
