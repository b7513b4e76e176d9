import { type Database, schema } from "@frontdesk/db";
import type { SessionMessage } from "../conversation/state.ts";
import type { CustomerPick } from "../conversation/turn-write.ts";
import { rankLexical } from "../engine/retrieval/rank.ts";

/** How sure retrieval must be that a person's answer restates an entry to suggest an example question for it. */
const sameAnswerConfidence = 0.5;

/**
 * The customer question a person's reply answers, when the assistant handed that question over for
 * want of an answer (a low-confidence handover) and no person has replied since: the one moment
 * the reply teaches the knowledge base something.
 */
export function handedOverQuestion(window: SessionMessage[]): SessionMessage | undefined {
  for (let index = window.length - 1; index >= 0; index--) {
    const message = window[index];
    if (!message || message.role === "agent") return undefined;
    if (message.role !== "assistant") continue;
    if (message.metadata.handover !== "low_confidence") return undefined;
    return window.slice(0, index).findLast((earlier) => earlier.role === "customer");
  }
  return undefined;
}

/** A question as an entry's title: trimmed, capitalised, ending in a question mark. */
export function asTitle(question: string): string {
  const text = question.trim().replace(/\s+/g, " ").slice(0, 299);
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[?.!]$/.test(capitalised) ? capitalised : `${capitalised}?`;
}

const languageOf = (message: SessionMessage) =>
  typeof message.metadata.language === "string" ? message.metadata.language : null;

/** What every suggestion records of its conversation: the question and the answer that taught it. */
const taughtBy = (
  organizationId: string,
  conversationId: string,
  question: SessionMessage,
  answer: SessionMessage,
) => ({
  organizationId,
  conversationId,
  questionMessageId: question.id,
  answerMessageId: answer.id,
  question: question.content,
  answer: answer.content,
});

/**
 * Records what a person's answer to a handed-over question suggests: when the answer restates an
 * entry, the question as a new example question of that entry (the entry was there, its wording
 * was not); otherwise a new entry drafted from the question and the answer. One suggestion per
 * question; an admin accepts or dismisses it.
 */
export async function suggestFromAnswer(
  db: Database,
  organizationId: string,
  conversationId: string,
  question: SessionMessage,
  answer: SessionMessage,
): Promise<void> {
  const language = languageOf(question);
  const [match] = await rankLexical(db, organizationId, answer.content, language);
  const restates = match && match.confidence >= sameAnswerConfidence ? match.candidate : undefined;
  await db
    .insert(schema.knowledgeSuggestions)
    .values({
      ...taughtBy(organizationId, conversationId, question, answer),
      language: restates?.language ?? language ?? "en",
      ...(restates
        ? { kind: "example_question" as const, knowledgeEntryId: restates.id }
        : { kind: "new_entry" as const, proposedTitle: asTitle(question.content), proposedContent: answer.content }),
    })
    .onConflictDoNothing();
}

/**
 * The suggestion a customer's pick makes, as a statement of the turn's batch: their question, in
 * their own words, as a new example question of the entry they said answers it. An admin accepts
 * or dismisses it like any suggestion; accepted, the next customer who asks it that way is
 * answered at once.
 */
export function suggestionFromPick(db: Database, organizationId: string, conversationId: string, pick: CustomerPick) {
  return db
    .insert(schema.knowledgeSuggestions)
    .values({
      ...taughtBy(organizationId, conversationId, pick.question, pick.answer),
      language: languageOf(pick.question) ?? "en",
      kind: "example_question",
      knowledgeEntryId: pick.entryId,
    })
    .onConflictDoNothing();
}
