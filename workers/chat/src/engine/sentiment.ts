import type { sentiments } from "@frontdesk/db/schema";

export type Sentiment = (typeof sentiments)[number];

const positive = new Set(
  "thanks thank great love perfect excellent awesome amazing brilliant helpful happy lovely wonderful good nice appreciate fantastic".split(
    " ",
  ),
);
const negative = new Set(
  "bad terrible awful angry annoyed disappointed broken worst useless unhappy frustrated frustrating late problem wrong horrible rude refund complaint unacceptable poor".split(
    " ",
  ),
);
const negators = new Set(["not", "no", "never", "isn't", "wasn't", "don't", "didn't"]);

/** A lexicon score in [-1, 1] and its label; a negator flips the next word ("not good"). */
export function detectSentiment(content: string): { sentiment: Sentiment; score: number } {
  const words = content.toLowerCase().match(/[a-z']+/g) ?? [];
  let score = 0;
  let hits = 0;
  for (const [index, word] of words.entries()) {
    const flip = index > 0 && negators.has(words[index - 1] ?? "") ? -1 : 1;
    if (positive.has(word)) {
      score += flip;
      hits++;
    } else if (negative.has(word)) {
      score -= flip;
      hits++;
    }
  }
  const normalised = hits === 0 ? 0 : score / hits;
  const sentiment = normalised > 0.2 ? "positive" : normalised < -0.2 ? "negative" : "neutral";
  return { sentiment, score: Math.round(normalised * 100) / 100 };
}
