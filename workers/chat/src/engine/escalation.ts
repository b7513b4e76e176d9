/**
 * Escalation: a message that must reach a person at once (an injury, a legal threat, a billing
 * problem, a complaint, urgency, anger, a request for a manager) is handed over before any
 * answer, with its category and priority recorded. The phrases are data (the default lexicon of
 * migration 0022 and the organization's own rules); this module only matches them.
 */
import type { EscalationCategory, EscalationPhrase, EscalationPriority } from "../conversation/escalation-phrase.ts";

export interface Escalation {
  category: EscalationCategory;
  priority: EscalationPriority;
  /** The phrase that matched, for the handover's record. */
  phrase: string;
}

const priorityRank: Record<EscalationPriority, number> = { urgent: 3, high: 2, normal: 1 };
/** Among matches of equal priority, the category a person most needs to know first. */
const categoryRank: Record<EscalationCategory, number> = {
  safety: 7,
  legal: 6,
  billing: 5,
  complaint: 4,
  urgent: 3,
  sentiment: 2,
  person: 1,
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A phrase as a pattern: its words in order, any whitespace between them, on word boundaries
 * (letters of any script, so "gestürzt" is one word); a trailing `*` on a word matches any ending;
 * an apostrophe matches both ' and ’.
 */
function phrasePattern(phrase: string): RegExp {
  const words = phrase
    .trim()
    .split(/\s+/)
    .map((word) => {
      const open = word.endsWith("*");
      const body = escapeRegExp(open ? word.slice(0, -1) : word).replaceAll("'", "['’]");
      return open ? `${body}[\\p{L}\\p{N}]*` : body;
    });
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}])`, "iu");
}

interface CompiledPhrase extends EscalationPhrase {
  pattern: RegExp;
}

const compiled = new WeakMap<EscalationPhrase[], CompiledPhrase[]>();

function compile(phrases: EscalationPhrase[]): CompiledPhrase[] {
  let found = compiled.get(phrases);
  if (!found) {
    found = phrases.map((phrase) => ({ ...phrase, pattern: phrasePattern(phrase.phrase) }));
    compiled.set(phrases, found);
  }
  return found;
}

/**
 * The escalation a message calls for, if any: the most pressing match among the phrases of the
 * customer's language (all languages while it is unknown).
 */
export function escalationFor(
  content: string,
  language: string | null,
  phrases: EscalationPhrase[],
): Escalation | undefined {
  let best: Escalation | undefined;
  for (const candidate of compile(phrases)) {
    if (language && candidate.language !== language) continue;
    if (!candidate.pattern.test(content)) continue;
    if (
      !best ||
      priorityRank[candidate.priority] > priorityRank[best.priority] ||
      (priorityRank[candidate.priority] === priorityRank[best.priority] &&
        categoryRank[candidate.category] > categoryRank[best.category])
    ) {
      best = { category: candidate.category, priority: candidate.priority, phrase: candidate.phrase };
    }
  }
  return best;
}
