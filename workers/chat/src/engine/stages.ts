import type { StageInfo } from "../conversation/state.ts";
import { containsWords } from "./extraction.ts";
import type { Intent } from "./intent.ts";

/** Intents that carry no wish of their own: they never move a conversation out of its stage. */
const neutralIntents = new Set<Intent>(["greeting", "thanks", "goodbye", "statement"]);

/** How strongly a message asks for a stage: a keyword it declares is said (2), its intent is declared (1). */
function pull(stage: StageInfo, intent: Intent, content: string): number {
  const keyword = stage.keywords.some((word) => containsWords(content, word)) ? 2 : 0;
  return keyword + (stage.intents.includes(intent) ? 1 : 0);
}

/**
 * Stage selection from what each stage declares (its intents and keywords), without a model: the
 * stage the message pulls hardest (the earlier on a tie), else the current one, else the first. A
 * stage that gathers data is not abandoned for a side question or small talk: the question is
 * answered inside it, unless the message names another stage's keyword.
 */
export function selectStage(
  stages: StageInfo[],
  intent: Intent,
  content: string,
  currentId: string | null,
): StageInfo | undefined {
  const current = stages.find((stage) => stage.id === currentId);
  let best: StageInfo | undefined;
  let bestPull = 0;
  for (const stage of stages) {
    const strength = pull(stage, intent, content);
    if (strength > bestPull) [best, bestPull] = [stage, strength];
  }
  if (current && bestPull < 2) {
    if (neutralIntents.has(intent)) return current;
    if (intent === "question" && current.requiredFields.length > 0) return current;
  }
  return best ?? current ?? stages[0];
}
