import type { SessionMessage } from "../conversation/state.ts";
import { type OfferedEntry, suggestionsOf } from "../conversation/views.ts";
import type { KnowledgeHit } from "./knowledge.ts";

/**
 * "Did you mean …?": when the built-in responder is not confident enough to answer, but the
 * knowledge base has entries that may fit, it offers them (one as a yes-or-no question, several
 * numbered, so that a text channel can answer "2") instead of handing over straight away. The
 * customer's pick is answered; "no", "none", or a second question it cannot answer goes to a person.
 */

/** The confidence an entry needs to be offered (organization setting `chat/suggestion_confidence_threshold`). */
export const defaultSuggestionThreshold = 0.15;
/** At most this many entries are offered at once. */
const maxSuggestions = 3;

/** The entries worth offering: the most likely first, one per title, none below the threshold. */
export function suggestionsFrom(knowledge: KnowledgeHit[], threshold: number): KnowledgeHit[] {
  const offered: KnowledgeHit[] = [];
  for (const hit of knowledge) {
    if (hit.score < threshold || offered.some((other) => other.title === hit.title)) continue;
    offered.push(hit);
    if (offered.length === maxSuggestions) break;
  }
  return offered;
}

/** The entries the conversation's last message offered, when that message is the assistant's offer. */
export function offeredIn(window: SessionMessage[]): OfferedEntry[] {
  const last = window[window.length - 1];
  return last?.role === "assistant" ? suggestionsOf(last.metadata) : [];
}

/** Answers that accept a single offer. */
const yes = /^(yes|yeah|yep|yup|y|correct|exactly|that'?s it|ja|genau|richtig|jep)$/;
/** Answers that turn every offer down, in the languages the built-in responder speaks. */
const noneOfThem =
  /^(no|nope|none|neither|none of (these|them|those)|not really|nothing|nein|keins?( davon)?|keine davon|nichts davon|weder noch)$/;

/**
 * What the customer's answer to an offer picks: an offered entry (by its number or its title),
 * "none" (every offer turned down), or undefined when the message is something else.
 */
export function chosenSuggestion(content: string, offered: OfferedEntry[]): OfferedEntry | "none" | undefined {
  if (offered.length === 0) return undefined;
  const answer = content
    .trim()
    .toLowerCase()
    .replace(/^(#|nr\.?|number|nummer)\s*/, "")
    .replace(/[\s.!?)]+$/, "");
  const number = /^[1-9]$/.test(answer) ? Number(answer) : undefined;
  if (number !== undefined) return offered[number - 1];
  const byTitle = offered.find((entry) => entry.title.toLowerCase().replace(/[\s.!?]+$/, "") === answer);
  if (byTitle) return byTitle;
  if (yes.test(answer)) return offered.length === 1 ? offered[0] : undefined;
  return noneOfThem.test(answer) ? "none" : undefined;
}
