import type { Database } from "@frontdesk/db";
import type { SessionState, StageInfo } from "../session/state.ts";
import type { AssistantTools } from "./assistant-tools.ts";
import { extractData, fieldSpecs } from "./extraction.ts";
import { detectIntent, type Intent } from "./intent.ts";
import { searchKnowledge } from "./knowledge.ts";
import type { Embedder } from "./models/embeddings.ts";
import type { Responder, ResponderOutput } from "./responder.ts";
import { detectSentiment, type Sentiment } from "./sentiment.ts";
import { selectStage } from "./stages.ts";

export interface TurnAnalysis {
  intent: Intent;
  sentiment: Sentiment;
  stage: StageInfo | undefined;
  /** Data this message gave. */
  newData: Record<string, string>;
  /** All data known for the conversation after this message. */
  data: Record<string, string>;
  output: ResponderOutput;
}

/** Facts remembered from earlier conversations that a stage may need without asking again. */
const rememberedFields = ["name", "email", "phone"];

/**
 * One turn of the pipeline: stage selection, data extraction, knowledge retrieval (the only
 * database read, and only when the message asks something; by embedding too when an embedder is
 * configured), then response generation.
 */
export async function analyseTurn(
  db: Database,
  state: SessionState,
  content: string,
  responder: Responder,
  embedder?: Embedder,
  tools?: AssistantTools,
): Promise<TurnAnalysis> {
  const intent = detectIntent(content);
  const { sentiment } = detectSentiment(content);
  const stage = selectStage(state.stages, intent, state.stageId);
  const specs = stage ? fieldSpecs(stage.requiredFields, stage.extractionPrompt) : [];
  const remembered = Object.fromEntries(
    rememberedFields.flatMap((key) => (state.memory[key] ? [[key, state.memory[key]]] : [])),
  );
  const known = { ...remembered, ...state.extracted };
  const newData = extractData(content, specs, state.askedFor, known);
  const data = { ...known, ...newData };
  const missing = specs.filter((spec) => !data[spec.name]);
  const asks = intent === "question" || intent === "complaint";
  const unexplained = intent === "statement" && Object.keys(newData).length === 0;
  const search = async (query: string) => {
    // Without an embedding (no embedder, or it failed) the search is full text only.
    const embedding = await embedder?.embed(query).catch(() => undefined);
    return searchKnowledge(db, state.organizationId, query, 3, embedding);
  };
  const knowledge = asks || unexplained ? await search(content) : [];
  const output = await responder.respond({
    content,
    state,
    intent,
    sentiment,
    stage,
    data,
    missing,
    knowledge,
    search,
    tools,
  });
  const established = output.remember ?? {};
  return { intent, sentiment, stage, newData, data: { ...data, ...established }, output };
}
