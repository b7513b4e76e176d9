import { createDb } from "@frontdesk/db";
import { builtinResponder } from "../engine/builtin-responder.ts";
import { isolateLanguageDetector } from "../engine/language-model.ts";
import { analyseTurn } from "../engine/pipeline.ts";
import type { ChatEnv } from "../env.ts";
import { knowledgeSearcher } from "../knowledge/searcher.ts";
import { greetedSessionState } from "../session/blank-state.ts";
import { fallbackAgent } from "../session/stage-query.ts";
import { loadPipeline } from "./pipeline.ts";

/**
 * What the assistant would answer to `question` as the first message of a conversation: the real
 * pipeline (intent, language, the same retrieval and confidence threshold, the built-in responder)
 * with no customer, no stage data and no tools, so a preview never books or opens anything.
 */
export async function previewReply(env: ChatEnv, organizationId: string, question: string) {
  // The organization's own pipeline as it is live: its profile, threshold and first agent.
  const [live, language] = await Promise.all([
    loadPipeline(createDb(env), organizationId, null),
    isolateLanguageDetector(env.ASSETS),
  ]);
  const assistant = fallbackAgent(live.rows, live.projectAgent);
  const state = greetedSessionState({
    organizationId,
    organizationName: live.organizationName,
    business: live.business,
    assistantName: assistant?.name ?? "Assistant",
    handoverThreshold: live.handoverThreshold,
    escalationPhrases: live.escalationPhrases,
  });
  const search = knowledgeSearcher(env, organizationId);
  const turn = await analyseTurn(
    { responderFor: () => builtinResponder, search: (q, code) => search(q, code), language },
    state,
    question,
  );
  return {
    reply: turn.output.content,
    handover: turn.output.handover,
    confidence: turn.output.confidence,
    intent: turn.intent,
    language: turn.language,
    threshold: state.handoverThreshold,
    sources: turn.output.sources.map((hit) => ({ id: hit.id, title: hit.title, score: hit.score })),
  };
}
