import type { BusinessContact } from "../conversation/state.ts";
import { bookForCustomer, captureLead, openTicket } from "./builtin-actions.ts";
import type { KnowledgeHit } from "./knowledge.ts";
import { languageName, phrasesFor, replyLanguage } from "./phrases.ts";
import { estimateTokens, type Responder, type ResponderOutput, type TurnContext } from "./responder.ts";
import { defaultSuggestionThreshold, offeredIn, suggestionsFrom } from "./suggestions.ts";
import { stageReply } from "./templates.ts";
import { fieldQuestion, joinAnd, summaryOf } from "./wording.ts";

/** The customer's first name, when the conversation knows it. */
export function customerName(context: TurnContext): string | undefined {
  const name = context.data.name ?? context.state.memory.name;
  return name?.split(" ")[0];
}

/** A question about how to reach the business ("what's your number", "wo seid ihr", "website?"). */
const asksForContact =
  /\b(contact|reach you|call you|ring you|phone|telephone|e-?mail address|address|where are you|where is (the|your) (shop|store|office)|whereabouts|website|web ?site|located|find you|anrufen|telefon|telefonnummer|erreiche|adresse|wo seid ihr|wo ist (der|euer|eure) (laden|geschäft)|webseite|internetseite)\b/i;

/** The ways to reach the business its profile holds, when the question asks for them. */
function contactWays(question: string, business: BusinessContact | undefined) {
  if (!business || !asksForContact.test(question)) return undefined;
  const ways = {
    ...(business.phone ? { phone: business.phone } : {}),
    ...(business.address ? { address: business.address } : {}),
    ...(business.website ? { website: business.website } : {}),
  };
  return Object.keys(ways).length > 0 ? ways : undefined;
}

/**
 * The default responder: no network, no model. Answers from the knowledge base when an entry
 * covers the question well enough, asks for the data the stage still needs, and hands over to a
 * person when the customer asks for one or the knowledge does not cover the question; when entries
 * may fit but none surely does, it asks which one the customer means first. It writes in
 * the customer's language where it speaks it, and says so when the answer exists only in another.
 * A stage's response generation template gives it the business's own phrasing (`replies`).
 */
export const builtinResponder: Responder = {
  async respond(context) {
    const { state, intent, knowledge, missing } = context;
    const language = replyLanguage(context.language);
    const say = phrasesFor(language);
    const name = customerName(context);
    const hello = name ? ` ${name}` : "";
    const best = knowledge[0];
    const reply = (content: string, fields: Partial<ResponderOutput> = {}): ResponderOutput => ({
      content,
      confidence: 1,
      sources: [],
      handover: false,
      askedFor: [],
      model: "builtin",
      language,
      inputTokens: estimateTokens(context.content) + knowledge.reduce((n, hit) => n + estimateTokens(hit.content), 0),
      outputTokens: estimateTokens(content),
      ...fields,
    });
    // Entries that may fit when none is certain enough, offered once: a second miss goes to a person.
    const offers =
      offeredIn(state.window).length > 0
        ? []
        : suggestionsFrom(knowledge, state.suggestionThreshold ?? defaultSuggestionThreshold);
    const offer = () =>
      reply(say.didYouMean(offers.map((hit) => hit.title)), {
        confidence: best?.score ?? 0,
        suggestions: offers.map((hit) => ({ id: hit.id, title: hit.title })),
      });
    const fromEntry = (hit: KnowledgeHit) =>
      hit.language === language ? hit.content : `${say.onlyIn(languageName(hit.language, language))}\n\n${hit.content}`;

    if (intent === "handover_request") {
      return reply(say.handoverRequested(hello, state.organizationName), {
        handover: true,
        handoverReason: "customer_request",
      });
    }
    const answer = best && best.score >= state.handoverThreshold ? best : undefined;
    const answered = answer ? `${intent === "complaint" ? say.sorry : ""}${fromEntry(answer)}` : "";

    const { stage, rejected } = context;
    if (rejected.length > 0 && intent === "statement") {
      return reply(
        stageReply(context, "rejected", rejected) ??
          say.checkField(
            joinAnd(
              rejected.map((spec) => spec.label),
              say.and,
            ),
          ),
        { askedFor: rejected.map((spec) => spec.name), confidence: 0.8 },
      );
    }
    const completedKey = stage ? `completed_${stage.name}` : "";
    if (stage && stage.requiredFields.length > 0 && !context.data[completedKey]) {
      const ask = missing.slice(0, 2);
      if (ask.length > 0) {
        const own = stageReply(context, "ask");
        const intro = answered ? `${answered}\n\n` : own ? "" : intent === "booking" ? say.canBook : say.thanksIntro;
        return reply(`${intro}${own ?? say.askFor(joinAnd(ask.map(fieldQuestion), say.and))}`, {
          askedFor: ask.map((spec) => spec.name),
          confidence: answer ? answer.score : 0.9,
          sources: answer ? [answer] : [],
        });
      }
      if (stage.stageType === "booking") {
        const booked = await bookForCustomer(context);
        if (booked) return reply(booked.content, booked);
      } else {
        const captured = await captureLead(context);
        const done = stageReply(context, "complete") ?? say.noted(hello, summaryOf(context.data));
        return reply(done, {
          confidence: 0.9,
          toolCalls: captured,
          remember: { [completedKey]: new Date().toISOString() },
        });
      }
      const done =
        stageReply(context, "complete") ?? say.bookingNoted(hello, summaryOf(context.data), context.data.email);
      return reply(done, { confidence: 0.9 });
    }

    if (intent === "complaint") {
      const ticket = await openTicket(context);
      if (ticket) {
        const content = answer ? `${ticket.content}\n\n${fromEntry(answer)}` : ticket.content;
        return reply(content, { ...ticket, sources: answer ? [answer] : [] });
      }
    }
    if (intent === "question" || intent === "complaint") {
      if (answer) return reply(answered, { confidence: answer.score, sources: [answer] });
      const ways = contactWays(context.content, state.business);
      if (ways) return reply(say.contact(state.organizationName, ways), { confidence: 0.9 });
      if (intent === "question" && offers.length > 0) return offer();
      return reply(stageReply(context, "cannot_answer") ?? say.cannotAnswer(state.organizationName), {
        confidence: best?.score ?? 0,
        handover: true,
        handoverReason: "low_confidence",
      });
    }
    if (intent === "thanks") return reply(say.welcome(hello));
    if (intent === "goodbye") return reply(say.goodbye(state.organizationName));
    if (intent !== "greeting" && answer) return reply(answered, { confidence: answer.score, sources: [answer] });
    if (intent === "greeting" || state.window.length === 0) {
      const assistant = stage?.agent?.name ?? state.assistantName;
      return reply(stageReply(context, "greeting") ?? say.greeting(hello, assistant, state.organizationName));
    }
    return offers.length > 0 ? offer() : reply(say.clarify, { confidence: 0.5 });
  },
};
