import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "./fusion.ts";

describe("reciprocal rank fusion", () => {
  it("puts what both retrievers rank well above what only one ranks first", () => {
    const lexical = ["hours", "parking", "location"];
    const vector = ["location", "hours", "gift-cards"];
    expect(reciprocalRankFusion([lexical, vector])).toEqual(["hours", "location", "parking", "gift-cards"]);
  });

  it("keeps a single list's order", () => {
    expect(reciprocalRankFusion([["b", "a", "c"]])).toEqual(["b", "a", "c"]);
  });
});
