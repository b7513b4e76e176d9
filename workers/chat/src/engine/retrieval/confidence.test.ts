import { describe, expect, it } from "vitest";
import { defaultHandoverThreshold } from "../../session/load-session.ts";
import { shownConfidence } from "./confidence.ts";

describe("the confidence a hit carries", () => {
  it("never rounds a confidence under the handover threshold up to it", () => {
    expect(shownConfidence(0.4479)).toBe(0.44);
    expect(shownConfidence(0.4479)).toBeLessThan(defaultHandoverThreshold);
    expect(shownConfidence(0.45)).toBe(0.45);
  });

  it("keeps two decimals exactly", () => {
    expect(shownConfidence(0.29)).toBe(0.29);
    expect(shownConfidence(0.999)).toBe(0.99);
    expect(shownConfidence(1)).toBe(1);
    expect(shownConfidence(0)).toBe(0);
  });
});
