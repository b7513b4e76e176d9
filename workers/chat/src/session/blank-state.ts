import { type SessionState, sessionStateVersion } from "../conversation/state.ts";
import { defaultSuggestionThreshold } from "../engine/suggestions.ts";
import { defaultHandoverThreshold } from "./load-session.ts";

/**
 * A session with no history, for a conversation that exists only in memory: the knowledge
 * editor's answer preview and the simulations. Everything not given is a fresh conversation's.
 */
export function blankSessionState(
  given: Pick<SessionState, "organizationId" | "organizationName"> & Partial<SessionState>,
): SessionState {
  return {
    version: sessionStateVersion,
    conversationId: crypto.randomUUID(),
    customerId: crypto.randomUUID(),
    channelId: null,
    projectId: null,
    persona: null,
    knowledgeCategories: [],
    assistantName: "Assistant",
    assistantModel: "builtin",
    agentId: null,
    status: "active",
    stageId: null,
    stages: [],
    window: [],
    extracted: {},
    askedFor: [],
    memory: {},
    handoverThreshold: defaultHandoverThreshold,
    escalationPhrases: [],
    suggestionThreshold: defaultSuggestionThreshold,
    idleCloseMinutes: 30,
    handedOver: false,
    messageCount: 0,
    startedAt: new Date().toISOString(),
    lastMessageAt: null,
    ...given,
  };
}

/** A session whose assistant has greeted already: its first message is answered, not greeted. */
export function greetedSessionState(
  given: Pick<SessionState, "organizationId" | "organizationName"> & Partial<SessionState>,
): SessionState {
  const now = new Date().toISOString();
  const greeting = { id: crypto.randomUUID(), role: "assistant" as const, content: "", agentId: null, userId: null };
  return blankSessionState({ window: [{ ...greeting, sentAt: now, metadata: {} }], startedAt: now, ...given });
}
