import type { StageInfo } from "../session/state.ts";
import type { Intent } from "./intent.ts";

/** Which kind of stage each intent belongs to; intents not listed keep the current stage. */
const stageTypeFor: Partial<Record<Intent, string>> = {
  booking: "booking",
  question: "support",
  complaint: "support",
  greeting: "triage",
};

/**
 * Stage selection: move to the stage whose type fits the intent, otherwise stay. A booking in
 * progress is not abandoned for a side question: the question is answered inside it.
 */
export function selectStage(stages: StageInfo[], intent: Intent, currentId: string | null): StageInfo | undefined {
  const current = stages.find((stage) => stage.id === currentId);
  const wanted = stageTypeFor[intent];
  if (current?.stageType === "booking" && intent === "question") return current;
  if (current && intent === "greeting") return current;
  const next = wanted ? stages.find((stage) => stage.stageType === wanted) : undefined;
  return next ?? current ?? stages[0];
}
