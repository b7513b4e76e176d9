import { errorForLog } from "@frontdesk/db";
import type { SessionState } from "../conversation/state.ts";
import type { ChatEnv } from "../env.ts";
import { sendOnChannel } from "./channel-outbound.ts";

/** What a conversation ended with that the business wants to hear about, if anything. */
export function conversationOutcome(state: SessionState): "booking" | "lead" | "handover" | undefined {
  const called = new Set(
    state.window.flatMap((message) => {
      const calls = message.metadata.toolCalls;
      return Array.isArray(calls)
        ? calls.flatMap((call) => (call && typeof call === "object" && "name" in call ? [String(call.name)] : []))
        : [];
    }),
  );
  if (called.has("create_booking")) return "booking";
  if (called.has("capture_lead")) return "lead";
  if (state.handedOver) return "handover";
  return undefined;
}

const headline = { booking: "a booking", lead: "a new lead", handover: "a handover to your team" };

/**
 * When a conversation ends with a booking, a lead or a handover, its summary goes to the business's
 * addresses (its email channel's `config.summaryTo`), sent by the channels worker. A conversation
 * that ended with nothing to act on sends nothing.
 */
export async function emailSummary(env: ChatEnv, state: SessionState, summary: string): Promise<void> {
  const outcome = conversationOutcome(state);
  if (!outcome) return;
  const data = Object.entries(state.extracted)
    .map(([key, value]) => `${key}: ${value}`)
    .join("\n");
  try {
    await sendOnChannel(env, {
      kind: "email",
      organizationId: state.organizationId,
      purpose: "conversation_summary",
      subject: `Conversation ended with ${headline[outcome]}`,
      text: `${summary}${data ? `\n\nWhat the customer told us:\n${data}` : ""}\n\nConversation ${state.conversationId}`,
      conversationId: state.conversationId,
      customerId: state.customerId,
    });
  } catch (error) {
    console.error(JSON.stringify({ error: "summary-email-not-queued", ...errorForLog(error) }));
  }
}
