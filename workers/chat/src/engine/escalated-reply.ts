import { openTicket } from "./builtin-actions.ts";
import { customerName } from "./builtin-responder.ts";
import type { Escalation } from "./escalation.ts";
import { phrasesFor, replyLanguage } from "./phrases.ts";
import { estimateTokens, type ResponderOutput, type TurnContext } from "./responder.ts";

/** The ticket a complaint or billing problem also gets, so it is tracked after the handover. */
const ticketPriority = { urgent: "urgent", high: "high", normal: "medium" } as const;

/**
 * The reply to a message an escalation rule sends to a person: said in the customer's language,
 * without a model and before any answer (a person needs to see an injury or a double charge even
 * when the knowledge base mentions refunds). A complaint or billing problem opens a ticket too.
 */
export async function escalatedReply(context: TurnContext, escalation: Escalation): Promise<ResponderOutput> {
  const language = replyLanguage(context.language);
  const say = phrasesFor(language);
  const name = customerName(context);
  const hello = name ? ` ${name}` : "";
  const tracked = escalation.category === "complaint" || escalation.category === "billing";
  const ticket = tracked ? await openTicket(context, ticketPriority[escalation.priority]) : undefined;
  const organization = context.state.organizationName;
  const content = ticket
    ? `${ticket.content}\n\n${say.priorityHandover(organization)}`
    : say.escalated(hello, organization, escalation.category);
  return {
    content,
    confidence: 1,
    sources: [],
    handover: true,
    handoverReason: escalation.category === "person" ? "customer_request" : "escalated",
    escalation,
    askedFor: [],
    model: "builtin",
    language,
    inputTokens: estimateTokens(context.content),
    outputTokens: estimateTokens(content),
    ...(ticket?.toolCalls ? { toolCalls: ticket.toolCalls } : {}),
    ...(ticket?.remember ? { remember: ticket.remember } : {}),
  };
}
