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
    ["How long do refunds take?", "question"],
    ["Can someone fix my brakes today?", "question"],
    ["I want to talk to a real person", "handover_request"],
    ["Kann ich mit einem Mitarbeiter sprechen?", "handover_request"],
    ["Wann habt ihr offen", "question"],
    ["Hallo!", "greeting"],
    ["hey what time do you close", "question"],
    ["danke dir", "thanks"],
    ["Ich möchte einen Termin buchen", "booking"],
  ])("%j is %s", (message, intent) => {
    expect(detectIntent(message)).toBe(intent);
  });
});
