import type { StoredAttachment } from "@frontdesk/contracts/chat";
import { newMessage } from "../conversation/new-message.ts";
import type {
  ChannelInbound,
  ConversationPriority,
  Metadata,
  SessionMessage,
  SessionState,
} from "../conversation/state.ts";
import type { TurnWrite } from "../conversation/turn-write.ts";
import { analyseTurn, type TurnDeps } from "./pipeline.ts";

/** What a customer's message does to the conversation, before anything is stored. */
export interface TurnPlan {
  message: SessionMessage;
  /** The assistant's answer; null while a person handles the conversation. */
  reply: SessionMessage | null;
  /** The state after the turn (before any handover assignment). */
  next: SessionState;
  /** Whether the assistant hands the conversation to a person. */
  handover: boolean;
  write: Omit<TurnWrite, "next">;
}

/**
 * One customer turn, as a plain function: with a person in charge the message is only forwarded;
 * otherwise intent, stage, extraction, retrieval and the responder make the reply, its metadata
 * (sources, confidence, model, latency) and the turn's events. The session object stores the plan.
 */
export async function planCustomerTurn(
  deps: TurnDeps,
  state: SessionState,
  content: string,
  inbound?: ChannelInbound,
): Promise<TurnPlan> {
  const started = Date.now();
  const fromChannel = inbound
    ? {
        externalMessageId: inbound.externalMessageId,
        senderExternalId: inbound.senderExternalId,
        senderName: inbound.senderName,
        ...(inbound.attachment ? { attachment: inbound.attachment } : {}),
      }
    : {};
  const attachment = inbound?.attachment;
  const attachmentMetadata: Metadata = attachment
    ? {
        attachment: {
          kind: attachment.kind,
          type: attachment.type,
          size: attachment.size,
          filename: attachment.filename ?? null,
          error: attachment.error ?? null,
        },
      }
    : {};
  if (attachment && !state.handedOver && content.trim() === "") {
    return attachmentOnlyTurn(state, { ...inbound, attachment }, fromChannel, attachmentMetadata);
  }
  if (state.handedOver) {
    const message = {
      ...newMessage(state, "customer", content, { metadata: { ...inbound?.details, ...attachmentMetadata } }),
      ...fromChannel,
    };
    return {
      message,
      reply: null,
      next: state,
      handover: false,
      write: {
        messages: [message],
        remember: {},
        events: [{ eventType: "message_received", messageId: message.id, properties: { forwardedTo: "agent" } }],
      },
    };
  }
  const analysis = await analyseTurn(deps, state, content);
  const { output } = analysis;
  const message = {
    ...newMessage(state, "customer", content, {
      metadata: {
        ...inbound?.details,
        ...attachmentMetadata,
        intent: analysis.intent,
        sentiment: analysis.sentiment,
        extracted: analysis.newData,
        ...(analysis.language ? { language: analysis.language } : {}),
      },
    }),
    ...fromChannel,
  };
  const sources = output.sources.map((source) => ({
    id: source.id,
    title: source.title,
    url: source.sourceUrl,
    score: source.score,
    language: source.language,
  }));
  const { stage } = analysis;
  // The assistant answers the caption, and says plainly that it did not see the file.
  const replyText = attachment ? `${output.content}\n\n${unreadableNote(attachment)}` : output.content;
  const answer = newMessage(state, "assistant", replyText, {
    after: message.sentAt,
    agentId: stage?.agent?.id ?? null,
    metadata: {
      intent: analysis.intent,
      sentiment: analysis.sentiment,
      confidence: output.confidence,
      sources,
      // What produced the reply: the stage, its agent and its templates at their versions.
      stage: stage?.name ?? null,
      stageId: stage?.id ?? null,
      agent: stage?.agent?.name ?? state.assistantName,
      projectId: state.projectId,
      templates: (stage?.templates ?? []).map((template) => ({ ...template })),
      language: output.language,
      model: output.model,
      inputTokens: output.inputTokens,
      outputTokens: output.outputTokens,
      latencyMs: Math.max(0, Date.now() - started),
      // Kept with the reply so that a rebuilt session still knows what the customer is answering.
      askedFor: output.askedFor,
      ...(output.handover ? { handover: output.handoverReason ?? "low_confidence" } : {}),
      ...(output.escalation ? { escalation: { ...output.escalation } } : {}),
      ...(output.suggestions?.length ? { suggestions: output.suggestions } : {}),
      ...(output.toolCalls?.length ? { toolCalls: output.toolCalls } : {}),
      ...(output.fallback ? { fallback: output.fallback } : {}),
    },
  });
  // The channel worker sends a channel reply through the provider and records its delivery.
  const reply: SessionMessage = inbound && !inbound.readByWidget ? { ...answer, deliveryStatus: "pending" } : answer;
  const next: SessionState = {
    ...state,
    stageId: analysis.stage?.id ?? state.stageId,
    language: analysis.language,
    extracted: analysis.data,
    askedFor: output.askedFor,
    memory: { ...state.memory, ...analysis.newData },
    priority: raisedPriority(state.priority, output.escalation?.priority),
  };
  const events: TurnWrite["events"] = [
    { eventType: "message_received", messageId: message.id, properties: { intent: analysis.intent } },
    {
      eventType: "reply_sent",
      messageId: reply.id,
      properties: {
        confidence: output.confidence,
        model: output.model,
        latencyMs: reply.metadata.latencyMs,
        ...(output.suggestions?.length ? { offered: output.suggestions.length } : {}),
      },
    },
  ];
  if (output.handover) events.push({ eventType: "handover_requested", properties: { reason: output.handoverReason } });
  if (output.escalation) {
    events.push({ eventType: "conversation_escalated", properties: { ...output.escalation } });
  }
  const answeredPick = analysis.picked && output.sources[0]?.id === analysis.picked.id;
  const question = answeredPick ? state.window.findLast((earlier) => earlier.role === "customer") : undefined;
  return {
    message,
    reply,
    next,
    handover: output.handover,
    write: {
      messages: [message, reply],
      remember: analysis.newData,
      events,
      intent: analysis.intent,
      sentiment: analysis.sentiment,
      // The customer's own words for the entry they picked, which the knowledge base may learn.
      pick: question && analysis.picked ? { question, entryId: analysis.picked.id, answer: reply } : undefined,
    },
  };
}

const priorityOrder: ConversationPriority[] = ["low", "normal", "high", "urgent"];

/** An escalation raises a conversation's priority, never lowers it. */
function raisedPriority(current: ConversationPriority | undefined, raised: ConversationPriority | undefined) {
  const now = current ?? "normal";
  return raised && priorityOrder.indexOf(raised) > priorityOrder.indexOf(now) ? raised : now;
}

const kindWords: Record<StoredAttachment["kind"], string> = {
  image: "pictures",
  audio: "voice notes or audio",
  video: "videos",
  document: "documents",
};

/** What the assistant says about an attachment it cannot read (and, alone, hands over). */
export function unreadableNote(attachment: StoredAttachment): string {
  if (attachment.error === "too-large") return "The file you sent is too large for me to receive.";
  if (attachment.error === "unavailable") return "I could not receive the file you sent.";
  return `I can't open ${kindWords[attachment.kind]} myself, so a colleague will look at it.`;
}

/**
 * A message that is only an attachment: the assistant cannot read it, so it says so plainly and
 * hands the conversation to a person, who can.
 */
function attachmentOnlyTurn(
  state: SessionState,
  inbound: ChannelInbound & { attachment: StoredAttachment },
  fromChannel: Partial<SessionMessage>,
  attachmentMetadata: Metadata,
): TurnPlan {
  const message = {
    ...newMessage(state, "customer", "", { metadata: { ...inbound.details, ...attachmentMetadata } }),
    ...fromChannel,
  };
  const note = unreadableNote(inbound.attachment);
  const reply: SessionMessage = {
    ...newMessage(state, "assistant", `${note} I've passed your message to a colleague who will get back to you.`, {
      after: message.sentAt,
      metadata: { handover: "attachment", agent: state.assistantName, projectId: state.projectId },
    }),
    ...(inbound.readByWidget ? {} : { deliveryStatus: "pending" as const }),
  };
  return {
    message,
    reply,
    next: state,
    handover: true,
    write: {
      messages: [message, reply],
      remember: {},
      events: [
        { eventType: "message_received", messageId: message.id, properties: { attachment: inbound.attachment.kind } },
        { eventType: "reply_sent", messageId: reply.id, properties: { model: "builtin" } },
        { eventType: "handover_requested", properties: { reason: "attachment" } },
      ],
    },
  };
}
