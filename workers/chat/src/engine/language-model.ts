import { isolateAsset } from "../assets/isolate-asset.ts";
import { languageDetector, languageModelSchema } from "./language.ts";

/**
 * The isolate's language detector. Its n-grams (about 120 KiB gzipped) are a static asset rather
 * than part of the script (`assets/language-ngrams.json`, written after install).
 */
export const isolateLanguageDetector = isolateAsset("language-ngrams.json", (json) =>
  languageDetector(languageModelSchema.parse(json)),
);
