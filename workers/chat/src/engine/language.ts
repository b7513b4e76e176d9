import { eld } from "eld/extrasmall";

/**
 * The languages Frontdesk detects: those Postgres can stem (migration 0009's text_search_config),
 * so that a detected language is one retrieval can use.
 */
export const detectableLanguages: [string, ...string[]] = [
  "da",
  "de",
  "en",
  "es",
  "fi",
  "fr",
  "hu",
  "it",
  "nl",
  "nb",
  "pt",
  "ro",
  "ru",
  "sv",
  "tr",
];

eld.setLanguageSubset(detectableLanguages);

/**
 * A message's language (ISO 639-1), or null when the text is too short or too mixed to tell
 * ("ok", "danke!"): the caller keeps the conversation's language then. ELD's n-gram model is
 * accurate on short chat text where trigram detectors are not.
 */
export function detectLanguage(text: string): string | null {
  const result = eld.detect(text.slice(0, 1000));
  if (!result.language || !result.isReliable()) return null;
  return result.language;
}
