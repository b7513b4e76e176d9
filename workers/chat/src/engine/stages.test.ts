import { describe, expect, it } from "vitest";
import type { StageInfo } from "../session/state.ts";
import { selectStage } from "./stages.ts";

const stage = (id: string, stageType: string, position: number): StageInfo => ({
  id,
  name: id,
  stageType,
  position,
  requiredFields: [],
  extractionPrompt: null,
  generationPrompt: null,
});
const stages = [stage("triage", "triage", 1), stage("support", "support", 2), stage("booking", "booking", 3)];

describe("stage selection", () => {
  it("moves to the stage whose type fits the intent", () => {
    expect(selectStage(stages, "booking", null)?.id).toBe("booking");
    expect(selectStage(stages, "question", "triage")?.id).toBe("support");
    expect(selectStage(stages, "greeting", null)?.id).toBe("triage");
  });

  it("keeps a booking in progress through a side question and a greeting", () => {
    expect(selectStage(stages, "question", "booking")?.id).toBe("booking");
    expect(selectStage(stages, "greeting", "booking")?.id).toBe("booking");
  });

  it("stays where it is for an intent no stage is for, and starts at the first stage", () => {
    expect(selectStage(stages, "statement", "support")?.id).toBe("support");
    expect(selectStage(stages, "thanks", null)?.id).toBe("triage");
    expect(selectStage([], "booking", null)).toBeUndefined();
  });
});
