import { describe, expect, it } from "vitest";
import { detectIntent } from "./intent.ts";

describe("intent without a model", () => {
  it.each([
    ["Hi!", "greeting"],
    ["Can I speak to someone?", "handover_request"],
    ["This is unacceptable, I want a refund", "complaint"],
    ["I'd like to book a service", "booking"],
    ["I need my brakes fixed", "booking"],
    ["Do you fix brakes?", "question"],
    ["When are you open", "question"],
    ["thanks!", "thanks"],
    ["bye", "goodbye"],
    ["My bike is a Trek", "statement"],
  ])("%j is %s", (message, intent) => {
    expect(detectIntent(message)).toBe(intent);
  });
});
