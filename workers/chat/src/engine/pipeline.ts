import type { SessionState, StageInfo } from "../conversation/state.ts";
import type { OfferedEntry } from "../conversation/views.ts";
import type { AssistantTools } from "./assistant-tools.ts";
import { escalatedReply } from "./escalated-reply.ts";
import { escalationFor } from "./escalation.ts";
import { extractData, fieldSpecs, rejectedAnswers } from "./extraction.ts";
import { detectIntent, type Intent } from "./intent.ts";
import type { KnowledgeHit } from "./knowledge.ts";
import type { LanguageDetector } from "./language.ts";
import type { Responder, ResponderOutput, TurnContext } from "./responder.ts";
import { detectSentiment, type Sentiment } from "./sentiment.ts";
import { selectStage } from "./stages.ts";
import { chosenSuggestion, offeredIn } from "./suggestions.ts";

export interface TurnAnalysis {
  intent: Intent;
  /** The customer's language after this message (null while it cannot be told). */
  language: string | null;
  sentiment: Sentiment;
  stage: StageInfo | undefined;
  /** Data this message gave. */
  newData: Record<string, string>;
  /** All data known for the conversation after this message. */
  data: Record<string, string>;
  output: ResponderOutput;
  /** The offered entry this message picked ("2" after "did you mean …?"), if it picked one. */
  picked?: OfferedEntry | undefined;
}

/** Facts remembered from earlier conversations that a stage may need without asking again. */
const rememberedFields = ["name", "email", "phone"];

/** What a turn reaches outside itself: the responders, knowledge search, the language detector and (when bound) the tools worker. */
export interface TurnDeps {
  /** The responder for the answering agent's model ("builtin", "@cf/...", "openai:..."). */
  responderFor: (model: string | null) => Responder;
  search: (query: string, language: string | null) => Promise<KnowledgeHit[]>;
  language: LanguageDetector;
  tools?: AssistantTools | undefined;
}

/**
 * The analysis of one message: stage selection, data extraction, knowledge retrieval (only when
 * the message asks something), then response generation.
 */
export async function analyseTurn(deps: TurnDeps, state: SessionState, content: string): Promise<TurnAnalysis> {
  const { search, tools } = deps;
  // An answer to "did you mean …?" ("2", "yes", "none") is the picked entry's question, or a request for a person.
  const choice = chosenSuggestion(content, offeredIn(state.window));
  const picked = typeof choice === "object" ? choice : undefined;
  const asked = picked?.title ?? content;
  const intent = picked ? "question" : choice === "none" ? "handover_request" : detectIntent(content);
  const language = deps.language.detect(content) ?? state.language ?? deps.language.detect(asked) ?? null;
  const { sentiment } = detectSentiment(content);
  // A message that must reach a person goes to one before anything is looked up or answered.
  const escalation = picked ? undefined : escalationFor(content, language, state.escalationPhrases ?? []);
  const stage = selectStage(state.stages, intent, asked, state.stageId);
  const specs = stage ? fieldSpecs(stage.requiredFields, stage.extractionPrompt, stage.fieldTypes) : [];
  const remembered = Object.fromEntries(
    rememberedFields.flatMap((key) => (state.memory[key] ? [[key, state.memory[key]]] : [])),
  );
  const known = { ...remembered, ...state.extracted };
  const newData = extractData(content, specs, state.askedFor, known);
  const rejected = rejectedAnswers(content, specs, state.askedFor, newData);
  const data = { ...known, ...newData };
  const missing = specs.filter((spec) => !data[spec.name]);
  // A booking question ("how far ahead can I book?") is answered from the knowledge base too.
  const asks = intent === "question" || intent === "complaint" || intent === "booking";
  const unexplained = intent === "statement" && Object.keys(newData).length === 0 && rejected.length === 0;
  const found = !escalation && (asks || unexplained) ? await search(asked, language) : [];
  // The customer said which entry answers them: it is certain.
  const knowledge = picked ? pinned(found, picked.id) : found;
  const responder = deps.responderFor(stage?.agent?.model ?? state.assistantModel);
  const context: TurnContext = {
    content: asked,
    language,
    state,
    intent,
    sentiment,
    stage,
    data,
    fields: specs,
    missing,
    rejected,
    knowledge,
    search: (query) => search(query, language),
    tools,
  };
  const output = escalation ? await escalatedReply(context, escalation) : await responder.respond(context);
  const established = output.remember ?? {};
  return { intent, language, sentiment, stage, newData, data: { ...data, ...established }, output, picked };
}

/** The hits with the customer's pick first and certain; unchanged when search no longer finds it. */
function pinned(hits: KnowledgeHit[], id: string): KnowledgeHit[] {
  const hit = hits.find((candidate) => candidate.id === id);
  return hit ? [{ ...hit, score: 1 }, ...hits.filter((other) => other !== hit)] : hits;
}
