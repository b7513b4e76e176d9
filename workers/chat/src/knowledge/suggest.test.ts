import { describe, expect, it } from "vitest";
import type { SessionMessage } from "../conversation/state.ts";
import { asTitle, handedOverQuestion } from "./suggest.ts";

const message = (role: SessionMessage["role"], content: string, metadata: SessionMessage["metadata"] = {}) => ({
  id: crypto.randomUUID(),
  role,
  content,
  agentId: null,
  userId: null,
  sentAt: "2026-12-01T10:00:00.000Z",
  metadata,
});

describe("the question a person's reply answers", () => {
  const question = message("customer", "do you sell waterproof jackets");
  const handover = message("assistant", "I'm passing you to a member of the team.", { handover: "low_confidence" });

  it("is the customer's question the assistant handed over for want of an answer", () => {
    expect(handedOverQuestion([question, handover])).toBe(question);
    // Messages the customer sends while waiting do not change which question was handed over.
    expect(handedOverQuestion([question, handover, message("customer", "hello?")])).toBe(question);
  });

  it("is none once a person has replied, or when the customer asked for a person", () => {
    expect(handedOverQuestion([question, handover, message("agent", "Yes we do")])).toBeUndefined();
    const asked = message("assistant", "Of course.", { handover: "customer_request" });
    expect(handedOverQuestion([message("customer", "a human please"), asked])).toBeUndefined();
    expect(handedOverQuestion([question, message("assistant", "We are open 9 to 6.")])).toBeUndefined();
  });
});

describe("a question as an entry's title", () => {
  it("is capitalised, tidy and ends as a question", () => {
    expect(asTitle("  do you  sell jackets ")).toBe("Do you sell jackets?");
    expect(asTitle("Where is the shop?")).toBe("Where is the shop?");
  });
});
