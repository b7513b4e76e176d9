import type { SessionState } from "../conversation/state.ts";
import { assistantTools } from "../engine/assistant-tools.ts";
import { chooseResponder } from "../engine/choose-responder.ts";
import type { LanguageDetector } from "../engine/language.ts";
import type { TurnDeps } from "../engine/pipeline.ts";
import type { ChatEnv } from "../env.ts";
import { knowledgeSearcher } from "../knowledge/searcher.ts";

/** What a live turn reaches: the agent's responder, knowledge search (by embedding too, when configured), the tools. */
export function turnDeps(env: ChatEnv, state: SessionState, language: LanguageDetector): TurnDeps {
  const search = knowledgeSearcher(
    env,
    state.organizationId,
    { categories: state.knowledgeCategories },
    { embeddingModels: state.embeddingModels ?? [] },
  );
  return {
    responderFor: (model) => chooseResponder(env, model),
    search: (query, code) => search(query, code),
    language,
    tools: assistantTools(env, state),
  };
}
