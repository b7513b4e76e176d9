import { describe, expect, it } from "vitest";
import { selectStage } from "./stages.ts";
import { testStage } from "./test-stage.ts";

const stages = [
  testStage({ id: "triage", position: 1, intents: ["greeting"] }),
  testStage({ id: "support", position: 2, intents: ["question", "complaint"] }),
  testStage({ id: "booking", position: 3, intents: ["booking"], requiredFields: ["name", "email"] }),
  testStage({ id: "rentals", position: 4, keywords: ["hire", "rent a bike"] }),
];

describe("stage selection from what stages declare", () => {
  it("moves to the stage that declares the message's intent", () => {
    expect(selectStage(stages, "booking", "I'd like to book", null)?.id).toBe("booking");
    expect(selectStage(stages, "question", "when do you open?", "triage")?.id).toBe("support");
    expect(selectStage(stages, "greeting", "hi", null)?.id).toBe("triage");
  });

  it("follows a declared keyword over an intent, even out of a stage in progress", () => {
    expect(selectStage(stages, "question", "can I rent a bike on Sunday?", null)?.id).toBe("rentals");
    expect(selectStage(stages, "question", "do you hire out e-bikes?", "booking")?.id).toBe("rentals");
    // Keywords are whole words: "hired" is not "hire".
    expect(selectStage(stages, "question", "we hired a van", "triage")?.id).toBe("support");
  });

  it("keeps a stage that gathers data through a side question and small talk", () => {
    expect(selectStage(stages, "question", "how long does it take?", "booking")?.id).toBe("booking");
    expect(selectStage(stages, "greeting", "hello", "booking")?.id).toBe("booking");
    expect(selectStage(stages, "statement", "Jo Bloggs", "booking")?.id).toBe("booking");
    // A complaint is a wish of its own: support takes it.
    expect(selectStage(stages, "complaint", "this is unacceptable", "booking")?.id).toBe("support");
  });

  it("stays where it is when nothing declared matches, and starts at the first stage", () => {
    expect(selectStage(stages, "statement", "ok", "support")?.id).toBe("support");
    expect(selectStage(stages, "thanks", "thanks", null)?.id).toBe("triage");
    expect(selectStage([], "booking", "book", null)).toBeUndefined();
  });

  it("a stage with no hints is never chosen by them (stages declare, the engine maps nothing)", () => {
    const undeclared = [testStage({ id: "a", stageType: "booking" }), testStage({ id: "b", stageType: "support" })];
    expect(selectStage(undeclared, "booking", "I want to book", "b")?.id).toBe("b");
  });
});
