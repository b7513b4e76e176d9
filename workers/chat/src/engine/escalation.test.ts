import { describe, expect, it } from "vitest";
import type { EscalationPhrase } from "../conversation/escalation-phrase.ts";
import { escalationFor } from "./escalation.ts";

const phrases: EscalationPhrase[] = [
  { language: "en", category: "person", phrase: "manager", priority: "normal" },
  { language: "en", category: "safety", phrase: "broke her", priority: "urgent" },
  { language: "en", category: "billing", phrase: "charged twice", priority: "high" },
  { language: "en", category: "complaint", phrase: "don't", priority: "high" },
  { language: "en", category: "legal", phrase: "refund*", priority: "high" },
  { language: "de", category: "safety", phrase: "gestürzt", priority: "urgent" },
];

describe("escalationFor", () => {
  it("picks the most pressing match: priority first, then the category a person must see first", () => {
    expect(escalationFor("She fell and broke her arm, get me the manager", "en", phrases)).toEqual({
      category: "safety",
      priority: "urgent",
      phrase: "broke her",
    });
    // Both high: a legal matter outranks a billing one.
    expect(escalationFor("charged twice and I want a refund", "en", phrases)?.category).toBe("legal");
  });

  it("matches whole words, any spacing and case, apostrophes of either kind, and trailing wildcards", () => {
    expect(escalationFor("CHARGED   TWICE!", "en", phrases)?.category).toBe("billing");
    expect(escalationFor("management is great", "en", phrases)).toBeUndefined();
    expect(escalationFor("I don’t like it", "en", phrases)?.category).toBe("complaint");
    expect(escalationFor("refunded? never", "en", phrases)?.category).toBe("legal");
    expect(escalationFor("mein sohn ist gestürzt", "de", phrases)?.category).toBe("safety");
    expect(escalationFor("gestürztes rad", "de", phrases)).toBeUndefined();
  });

  it("uses the customer's language's phrases, all of them while it is unknown", () => {
    expect(escalationFor("gestürzt", "en", phrases)).toBeUndefined();
    expect(escalationFor("gestürzt", null, phrases)?.category).toBe("safety");
    expect(escalationFor("Do you sell gift cards?", null, phrases)).toBeUndefined();
  });
});
