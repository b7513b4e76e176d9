import { bookForCustomer, openTicket } from "./builtin-actions.ts";
import type { FieldSpec } from "./extraction.ts";
import { estimateTokens, type Responder, type ResponderOutput, type TurnContext } from "./responder.ts";

const fieldQuestion = (spec: FieldSpec) => (spec.options ? `${spec.label} (${spec.options.join(", ")})` : spec.label);

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function customerName(context: TurnContext): string | undefined {
  const name = context.data.name ?? context.state.memory.name;
  return name?.split(" ")[0];
}

/**
 * The default responder: no network, no model. Answers from the knowledge base when an entry
 * covers the question well enough, asks for the data the stage still needs, and hands over to a
 * person when the customer asks for one or the knowledge does not cover the question.
 */
export const builtinResponder: Responder = {
  async respond(context) {
    const { state, intent, knowledge, missing } = context;
    const name = customerName(context);
    const hello = name ? ` ${name}` : "";
    const best = knowledge[0];
    const threshold = state.handoverThreshold;
    const reply = (content: string, fields: Partial<ResponderOutput> = {}): ResponderOutput => ({
      content,
      confidence: 1,
      sources: [],
      handover: false,
      askedFor: [],
      model: "builtin",
      inputTokens: estimateTokens(context.content) + knowledge.reduce((n, hit) => n + estimateTokens(hit.content), 0),
      outputTokens: estimateTokens(content),
      ...fields,
    });

    if (intent === "handover_request") {
      return reply(
        `Of course${hello}. I'm passing you to a member of the ${state.organizationName} team now; they will reply here shortly.`,
        { handover: true, handoverReason: "customer_request" },
      );
    }
    const answer = best && best.score >= threshold ? best : undefined;
    const answered = answer ? `${intent === "complaint" ? "I'm sorry about that. " : ""}${answer.content}` : "";

    if (context.stage?.stageType === "booking") {
      const ask = missing.slice(0, 2);
      if (ask.length > 0) {
        const intro = answered ? `${answered}\n\n` : intent === "booking" ? "I can book that in for you. " : "Thanks! ";
        return reply(`${intro}Could you tell me your ${joinAnd(ask.map(fieldQuestion))}?`, {
          askedFor: ask.map((spec) => spec.name),
          confidence: answer ? answer.score : 0.9,
          sources: answer ? [answer] : [],
        });
      }
      const booked = await bookForCustomer(context);
      if (booked) return reply(booked.content, booked);
      const summary = Object.entries(context.data)
        .map(([key, value]) => `${key.replaceAll("_", " ")}: ${value}`)
        .join("; ");
      return reply(
        `Thank you${hello}, I have everything I need (${summary}). A member of the team will confirm your booking${context.data.email ? ` by email to ${context.data.email}` : ""}.`,
        { confidence: 0.9 },
      );
    }

    if (intent === "complaint") {
      const ticket = await openTicket(context);
      if (ticket) {
        const content = answer ? `${ticket.content}\n\n${answer.content}` : ticket.content;
        return reply(content, { ...ticket, sources: answer ? [answer] : [] });
      }
    }
    if (intent === "question" || intent === "complaint") {
      if (answer) return reply(answered, { confidence: answer.score, sources: [answer] });
      return reply(
        `I'm not certain I can answer that correctly, so I'm passing you to a member of the ${state.organizationName} team; they will reply here shortly.`,
        { confidence: best?.score ?? 0, handover: true, handoverReason: "low_confidence" },
      );
    }
    if (intent === "thanks") return reply(`You're welcome${hello}! Is there anything else I can help with?`);
    if (intent === "goodbye") return reply(`Thanks for chatting with ${state.organizationName}. Have a great day!`);
    if (intent === "greeting" || state.window.length === 0) {
      return reply(`Hi${hello}! I'm ${state.assistantName} from ${state.organizationName}. How can I help you today?`);
    }
    if (answer) return reply(answered, { confidence: answer.score, sources: [answer] });
    return reply("Could you tell me a little more about what you need, so I can help?", { confidence: 0.5 });
  },
};
