import type { StageInfo } from "../conversation/state.ts";

/** A stage for the engine's unit tests: no fields, no hints, no templates, unless given. */
export const testStage = (overrides: Partial<StageInfo> & Pick<StageInfo, "id">): StageInfo => ({
  name: overrides.id,
  description: "",
  stageType: "custom",
  position: 0,
  requiredFields: [],
  fieldTypes: {},
  intents: [],
  keywords: [],
  selectionPrompt: null,
  extractionPrompt: null,
  generationPrompt: null,
  generationContent: "",
  replies: {},
  agent: null,
  templates: [],
  ...overrides,
});
