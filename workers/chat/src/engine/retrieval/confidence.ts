import type { LexicalCandidate } from "./lexical.ts";

/**
 * The chance that the best lexical candidate is the entry that answers the question, as a logistic
 * function of what retrieval measured. The coefficients are fitted on the development part of the
 * answers evaluation (`node bench/answers/calibrate.ts`, a logistic regression in which answering
 * an unanswerable question costs three missed answers), so the confidence is a cautious
 * probability; the held-out part checks it on questions the fit never saw. The intercept is the
 * fitted one lowered until the default handover threshold (0.45) keeps development false answers
 * under 5% (the fit's own operating point, which `calibrate.ts` prints).
 */
export const calibration = {
  intercept: -3.6,
  coverage: 3.35,
  questionCoverage: 0.48,
  margin: 1.64,
  missing: -3.53,
  phrases: 1.56,
  echo: 4,
  kind: 1.89,
};

export interface ConfidenceFeatures {
  coverage: number;
  questionCoverage: number;
  /** How far ahead of the runner-up the candidate is, 0 (level) to 1 (alone). */
  margin: number;
  /** The largest share of the question's meaning held by one word the candidate lacks. */
  missing: number;
  phrases: number;
  /** How closely the question echoes the entry's title or an example question, 0..1. */
  echo: number;
  /** 1 when the question asks for a kind of fact (a price, a time, a place…) that the candidate states. */
  kind: number;
}

/** The measurements of a candidate ranked with `strength` against the best other candidate's. */
export function featuresOf(
  candidate: LexicalCandidate,
  strength: number,
  rivalStrength: number,
  statesKindAsked: boolean,
): ConfidenceFeatures {
  const margin = strength > 0 ? Math.max(0, strength - rivalStrength) / strength : 0;
  return {
    coverage: candidate.coverage,
    questionCoverage: candidate.questionCoverage,
    margin,
    missing: candidate.missing,
    phrases: Math.min(candidate.phrases, 3),
    echo: candidate.echo,
    kind: statesKindAsked ? 1 : 0,
  };
}

export function lexicalConfidence(features: ConfidenceFeatures, weights = calibration): number {
  const z =
    weights.intercept +
    weights.coverage * features.coverage +
    weights.questionCoverage * features.questionCoverage +
    weights.margin * features.margin +
    weights.missing * features.missing +
    weights.phrases * features.phrases +
    weights.echo * features.echo +
    weights.kind * features.kind;
  return 1 / (1 + Math.exp(-z));
}

/**
 * A confidence as hits carry it: two decimals, rounded down, so that a confidence just under the
 * handover threshold (0.447 against 0.45) is neither shown nor acted on as reaching it. The small
 * epsilon keeps binary fractions whole (0.29 * 100 is 28.999…).
 */
export const shownConfidence = (value: number) => Math.floor(value * 100 + 1e-9) / 100;
