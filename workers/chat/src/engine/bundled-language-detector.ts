// For Node (unit tests, benchmarks): the detector over the generated module of the same n-grams.
// The worker never imports this file; it loads the n-grams as a static asset (language-model.ts).

import { ngramsData } from "./generated/language-ngrams.js";
import { languageDetector } from "./language.ts";

export const bundledLanguageDetector = languageDetector(ngramsData);
