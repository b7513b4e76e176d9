import { newMessage } from "../conversation/new-message.ts";
import type { SessionMessage, SessionState } from "../conversation/state.ts";
import type { TurnWrite } from "../conversation/turn-write.ts";
import type { TemplateSend } from "../outbound/channel-outbound.ts";

// What people do to a conversation, as plain changes of its state: the session object applies
// them (one database batch, then its sockets), so each rule here is tested without one.

export interface StaffAuthor {
  agentId: string | null;
  userId: string | null;
  /** The human agent's display name, shown to visitors with the reply. */
  name: string | null;
}

/** A change of the conversation: its next state and what is written with it. */
export interface Change {
  next: SessionState;
  write: Omit<TurnWrite, "next">;
}

const quiet = { messages: [], remember: {} };

/** A person's reply: the conversation is theirs now, and the assistant stays quiet. */
export function agentReply(
  state: SessionState,
  content: string,
  author: StaffAuthor,
  delivery: { viaProvider: boolean; template?: TemplateSend },
): Change & { message: SessionMessage } {
  const message = {
    ...newMessage(state, "agent", content, {
      agentId: author.agentId,
      userId: author.userId,
      metadata: {
        ...(author.name ? { authorName: author.name } : {}),
        ...(delivery.template ? { template: delivery.template.name } : {}),
      },
    }),
    // On a provider channel the message waits for the provider, like the assistant's replies.
    ...(delivery.viaProvider ? { deliveryStatus: "pending" as const } : {}),
  };
  return {
    message,
    next: { ...state, status: "with_agent", agentId: author.agentId ?? state.agentId, handedOver: true },
    write: {
      messages: [message],
      remember: {},
      events: [{ eventType: "agent_replied", messageId: message.id, properties: { userId: author.userId } }],
    },
  };
}

/** The system note and event of a handover someone asked for (the agent is chosen by the session). */
export function handoverNote(state: SessionState, reason: string): Omit<TurnWrite, "next"> {
  const note = newMessage(state, "system", "The conversation was handed over to a team member.", {
    metadata: { reason },
  });
  return { messages: [note], remember: {}, events: [{ eventType: "handover_requested", properties: { reason } }] };
}

/** Waiting for a person (handed over), with the agent the session picked, if any. */
export const waitingForPerson = (state: SessionState, agentId: string | null): SessionState => ({
  ...state,
  status: "waiting",
  handedOver: true,
  agentId: agentId ?? state.agentId,
  askedFor: [],
});

/**
 * Gives the conversation to a human agent (a take-over when they assign themselves), or back to
 * the queue with null. Either way the assistant stays quiet: a person has it now.
 */
export function assignment(state: SessionState, agentId: string | null): Change {
  return {
    next: { ...state, agentId, status: agentId ? "with_agent" : "waiting", handedOver: true, askedFor: [] },
    write: {
      ...quiet,
      events: [{ eventType: agentId ? "agent_assigned" : "agent_unassigned", properties: { agentId } }],
    },
  };
}

/** A closed conversation open again, back with the assistant. */
export function reopening(state: SessionState): Change {
  return {
    next: { ...state, status: "active", handedOver: false, agentId: null, askedFor: [] },
    write: { ...quiet, events: [{ eventType: "conversation_reopened", properties: {} }] },
  };
}
