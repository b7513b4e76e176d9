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
