import { describe, expect, it } from "vitest";
import type { KnowledgeHit } from "./knowledge.ts";
import { chosenSuggestion, suggestionsFrom } from "./suggestions.ts";

const cancel = { id: "a", title: "Can I cancel or move my booking?" };
const book = { id: "b", title: "How do I book a repair?" };

describe("did you mean", () => {
  it("reads a pick by its number or its title, and a refusal in English or German", () => {
    expect(chosenSuggestion("2", [cancel, book])).toEqual(book);
    expect(chosenSuggestion(" #1. ", [cancel, book])).toEqual(cancel);
    expect(chosenSuggestion("can i cancel or move my booking", [cancel, book])).toEqual(cancel);
    for (const refusal of ["none", "None of these", "no!", "Keins davon", "nein"]) {
      expect(chosenSuggestion(refusal, [cancel, book])).toBe("none");
    }
  });

  it("takes a yes for the one entry offered, and nothing else as a pick", () => {
    expect(chosenSuggestion("yes", [cancel])).toEqual(cancel);
    expect(chosenSuggestion("ja", [cancel])).toEqual(cancel);
    // Which of two? A yes does not say.
    expect(chosenSuggestion("yes", [cancel, book])).toBeUndefined();
    // A number past the list, a new question, or no offer at all: not an answer to an offer.
    expect(chosenSuggestion("3", [cancel, book])).toBeUndefined();
    expect(chosenSuggestion("no, I want to know your opening hours", [cancel, book])).toBeUndefined();
    expect(chosenSuggestion("1", [])).toBeUndefined();
  });

  it("offers at most three entries, one per title, none under the threshold", () => {
    const hit = (title: string, score: number): KnowledgeHit => ({
      id: `${title}-${score}`,
      title,
      content: "",
      category: null,
      intent: null,
      sourceUrl: null,
      language: "en",
      score,
    });
    const offered = suggestionsFrom(
      [hit("A", 0.4), hit("A", 0.39), hit("B", 0.3), hit("C", 0.2), hit("D", 0.16), hit("E", 0.1)],
      0.15,
    );
    expect(offered.map((entry) => entry.title)).toEqual(["A", "B", "C"]);
    expect(suggestionsFrom([hit("E", 0.1)], 0.15)).toEqual([]);
  });
});
