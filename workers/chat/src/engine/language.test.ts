import { describe, expect, it } from "vitest";
import { detectLanguage } from "./language.ts";

describe("a message's language", () => {
  it.each([
    ["do u lend out bikes for the day", "en"],
    ["back wheel went pop, what do you charge", "en"],
    ["habt ihr am sonntag offen?", "de"],
    ["kann man bei euch räder mieten", "de"],
    ["¿Cuánto cuesta reparar un pinchazo?", "es"],
  ])("%j is %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("is not guessed from too little text", () => {
    expect(detectLanguage("ok")).toBeNull();
    expect(detectLanguage("👍")).toBeNull();
  });
});
