import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isolateLanguageDetector } from "../src/engine/language-model.ts";

describe("the language model, a static asset of the chat worker", () => {
  it("is read through the worker's ASSETS binding and tells the languages retrieval stems", async () => {
    const detector = await isolateLanguageDetector(env.ASSETS);
    expect(detector.detect("habt ihr am sonntag offen?")).toBe("de");
    expect(detector.detect("Hei, hva koster det å leie en sykkel for en dag?")).toBe("nb");
    expect(detector.detect("ok")).toBeNull();
  });

  it("is loaded once per isolate: every caller shares one load", () => {
    expect(isolateLanguageDetector(env.ASSETS)).toBe(isolateLanguageDetector(env.ASSETS));
  });
});
