import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MissingEmbedding, readFixture, recorder, replay, textKey } from "./embedding-fixture.ts";

describe("embedding fixtures (record, then replay)", () => {
  it("replays exactly what was recorded, by the text's hash, with its model and size", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fixture-")), "bge-m3.json");
    const kept = recorder("@cf/baai/bge-m3", 3, path, async (texts) => texts.map((_, index) => [index, 0.5, -1]));
    expect(await kept.embed(["gift cards", "puncture"])).toEqual([
      [0, 0.5, -1],
      [1, 0.5, -1],
    ]);
    expect(kept.save()).toBe(2);
    const fixture = readFixture(path);
    expect(fixture).toMatchObject({ format: "frontdesk-embeddings/1", model: "@cf/baai/bge-m3", dimensions: 3 });
    expect(Object.keys(fixture.vectors)).toEqual([textKey("gift cards"), textKey("puncture")]);
    expect(replay(fixture)(["puncture", "gift cards"])).toEqual([
      [1, 0.5, -1],
      [0, 0.5, -1],
    ]);
  });

  it("a text the fixture lacks fails loudly, naming it, rather than replaying a partial set", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fixture-")), "partial.json");
    const kept = recorder("@cf/baai/bge-m3", 1, path, async (texts) => texts.map(() => [1]));
    await kept.embed(["gift cards"]);
    kept.save();
    const vectors = replay(readFixture(path));
    expect(() => vectors(["gift cards", "Gift cards"])).toThrow(MissingEmbedding);
    expect(() => vectors(["Gift cards"])).toThrow(/no vector for "Gift cards"/);
  });
});
