import { createEld } from "eld/detector";
import { detectableLanguages } from "./detectable-languages.ts";
import { ngramsData } from "./generated/language-ngrams.js";

export { detectableLanguages };

// ELD calls Norwegian (Bokmål) "no"; our codes, like Postgres' stemmer, say "nb".
const fromEld = (code: string) => (code === "no" ? "nb" : code);
const toEld = (code: string) => (code === "nb" ? "no" : code);

const { instance: eld, loadData } = createEld();
loadData(ngramsData);
eld.setLanguageSubset(detectableLanguages.map(toEld));

/**
 * A message's language (ISO 639-1), or null when the text is too short or too mixed to tell
 * ("ok", "danke!"): the caller keeps the conversation's language then. ELD's n-gram model is
 * accurate on short chat text where trigram detectors are not.
 */
export function detectLanguage(text: string): string | null {
  const result = eld.detect(text.slice(0, 1000));
  if (!result.language || !result.isReliable()) return null;
  return fromEld(result.language);
}
