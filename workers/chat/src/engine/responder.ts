import type { SessionState, StageInfo } from "../conversation/state.ts";
import type { OfferedEntry } from "../conversation/views.ts";
import type { AssistantTools } from "./assistant-tools.ts";
import type { Escalation } from "./escalation.ts";
import type { FieldSpec } from "./extraction.ts";
import type { Intent } from "./intent.ts";
import type { KnowledgeHit } from "./knowledge.ts";
import type { Sentiment } from "./sentiment.ts";

/** What the pipeline worked out before a reply is written; a responder turns it into words. */
export interface TurnContext {
  content: string;
  /** The customer's language (ISO 639-1), null while it cannot be told. */
  language: string | null;
  state: SessionState;
  intent: Intent;
  sentiment: Sentiment;
  stage: StageInfo | undefined;
  /** Everything known for the stage after this message. */
  data: Record<string, string>;
  /** The stage's fields, typed, in the stage's order. */
  fields: FieldSpec[];
  /** The stage's fields still missing, in the stage's order. */
  missing: FieldSpec[];
  /** Fields the last reply asked for whose answer their type refused: asked again. */
  rejected: FieldSpec[];
  knowledge: KnowledgeHit[];
  /** Knowledge search, for responders that look things up themselves (a model's tool call). */
  search: (query: string) => Promise<KnowledgeHit[]>;
  /** The tools worker (bookings, tickets, leads), when this deployment binds it. */
  tools?: AssistantTools | undefined;
}

/** Why a reply hands the conversation to a person. */
export type HandoverReason = "customer_request" | "low_confidence" | "escalated";

export interface ResponderOutput {
  content: string;
  confidence: number;
  /** The knowledge entries the reply is based on. */
  sources: KnowledgeHit[];
  handover: boolean;
  handoverReason?: HandoverReason;
  /** The escalation rule that sent the conversation to a person, with the priority it gets. */
  escalation?: Escalation;
  askedFor: string[];
  model: string;
  /** The language the reply is written in. */
  language: string;
  inputTokens: number;
  outputTokens: number;
  /** The tools a model called on the way to the reply (arguments as JSON). */
  toolCalls?: { name: string; arguments: string }[];
  /** Why the built-in responder answered instead of the agent's model. */
  fallback?: string;
  /** Entries offered because none was certain enough to answer from ("did you mean …?"). */
  suggestions?: OfferedEntry[];
  /** Facts the reply established (a booking or ticket reference), kept with the conversation's data. */
  remember?: Record<string, string>;
}

/** Writes the assistant's reply. The built-in one needs no model; others call one. */
export interface Responder {
  respond(context: TurnContext): Promise<ResponderOutput>;
}

/** A rough token count (four characters a token) for responders that have no tokenizer. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
