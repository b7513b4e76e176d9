import * as z from "@frontdesk/http/zod";
import { createEld, type NgramsData } from "eld/detector";
import { detectableLanguages } from "./detectable-languages.ts";

export { detectableLanguages };

// ELD calls Norwegian (Bokmål) "no"; our codes, like Postgres' stemmer, say "nb".
const fromEld = (code: string) => (code === "no" ? "nb" : code);
const toEld = (code: string) => (code === "nb" ? "no" : code);

type NgramScores = NgramsData["ngrams"];

/**
 * ELD's n-gram database cut to our languages (scripts/build-language-data.ts): ids to codes, scores
 * per id. The 22,000 n-grams are checked as one object, not one by one: they are our own build's
 * output deployed beside the code, and checking each would cost a cold isolate about 100 ms.
 */
export const languageModelSchema = z.object({
  type: z.string(),
  languages: z.record(z.string(), z.string()),
  isSubset: z.boolean(),
  ngrams: z.custom<NgramScores>((value) => typeof value === "object" && value !== null && !Array.isArray(value)),
});

export interface LanguageDetector {
  /**
   * A message's language (ISO 639-1), or null when the text is too short or too mixed to tell
   * ("ok", "danke!"): the caller keeps the conversation's language then. ELD's n-gram model is
   * accurate on short chat text where trigram detectors are not.
   */
  detect(text: string): string | null;
}

export function languageDetector(model: NgramsData): LanguageDetector {
  const { instance: eld, loadData } = createEld();
  loadData(model);
  eld.setLanguageSubset(detectableLanguages.map(toEld));
  return {
    detect(text) {
      const result = eld.detect(text.slice(0, 1000));
      if (!result.language || !result.isReliable()) return null;
      return fromEld(result.language);
    },
  };
}
