import type { Database } from "@frontdesk/db";
import { kindsAskedFor, statesAnyOf } from "./answer-kinds.ts";
import { type ConfidenceFeatures, featuresOf, lexicalConfidence } from "./confidence.ts";
import { type LexicalCandidate, lexicalCandidates } from "./lexical.ts";
import type { KnowledgeScope } from "./scope.ts";

export type { LexicalCandidate };

export interface RankedCandidate {
  candidate: LexicalCandidate;
  features: ConfidenceFeatures;
  /** The calibrated chance that this entry answers the question. */
  confidence: number;
}

/** How many lexical candidates are weighed against each other. */
const candidateCount = 10;
/** An entry in another language than the customer's counts this much of its score. */
const otherLanguageFactor = 0.6;
/** An entry that states the kind of fact the question asks for (a price for "how much") counts this much more. */
const answerKindFactor = 1.25;

/**
 * Lexical retrieval ranked for a customer: entries in their language first at equal strength
 * (words such as "service" or "Apple Pay" match across languages), and entries that state the kind
 * of fact asked for (a price, a time, a place) ahead of those that do not, each with the calibrated
 * confidence that it answers the question.
 */
export async function rankLexical(
  db: Database,
  organizationId: string,
  question: string,
  language: string | null | undefined,
  scope?: KnowledgeScope,
): Promise<RankedCandidate[]> {
  const found = await lexicalCandidates(db, organizationId, question, candidateCount, { scope, language });
  const asked = kindsAskedFor(question);
  const measured = found.map((candidate) => {
    const statesKind = statesAnyOf(candidate.content, asked);
    const strength =
      candidate.bm25 *
      (!language || candidate.language === language ? 1 : otherLanguageFactor) *
      (statesKind ? answerKindFactor : 1);
    return { candidate, statesKind, strength };
  });
  const ranked = measured.sort((a, b) => b.strength - a.strength);
  return ranked.map(({ candidate, statesKind, strength }, index) => {
    const rival = index === 0 ? ranked[1] : ranked[0];
    const features = featuresOf(candidate, strength, rival?.strength ?? 0, statesKind);
    return { candidate, features, confidence: lexicalConfidence(features) };
  });
}
