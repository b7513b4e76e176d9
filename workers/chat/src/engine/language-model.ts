import { type LanguageDetector, languageDetector, languageModelSchema } from "./language.ts";

/** The n-grams among the chat worker's static assets (`workers/chat/assets`, written after install). */
const modelUrl = "https://assets.invalid/language-ngrams.json";

let loading: Promise<LanguageDetector> | undefined;

/**
 * The isolate's language detector. Its n-grams (about 120 KiB gzipped) are a static asset rather
 * than part of the script: an isolate that never detects a language never reads them, and the
 * first caller of one that does fetches and parses them once. A failed load is retried by the next
 * caller; an unawaited start (loading beside a cold session) reports nothing by itself.
 */
export function isolateLanguageDetector(assets: Fetcher): Promise<LanguageDetector> {
  if (!loading) {
    loading = load(assets).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    loading.catch(() => undefined);
  }
  return loading;
}

async function load(assets: Fetcher): Promise<LanguageDetector> {
  const response = await assets.fetch(modelUrl);
  if (!response.ok) throw new Error(`the language model asset answered ${response.status}`);
  return languageDetector(languageModelSchema.parse(await response.json()));
}
