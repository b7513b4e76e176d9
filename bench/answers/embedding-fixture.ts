// Record/replay of embeddings, so that figures from a model this machine cannot run (Workers AI's
// bge-m3) can be replayed in CI once recorded elsewhere. The format: JSON
//   { "format": "frontdesk-embeddings/1", "model": "@cf/baai/bge-m3", "dimensions": 1024,
//     "vectors": { "<sha-256 of the exact text, hex>": "<float32 little-endian, base64>" } }
// A text the fixture lacks is an error naming the text: replayed figures never mix in other vectors.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const fixtureFormat = "frontdesk-embeddings/1";

export interface EmbeddingFixture {
  format: typeof fixtureFormat;
  model: string;
  dimensions: number;
  vectors: Record<string, string>;
}

export const textKey = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const encode = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString("base64");

function decode(value: string): number[] {
  const bytes = Buffer.from(value, "base64");
  return [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
}

export class MissingEmbedding extends Error {
  constructor(model: string, text: string) {
    super(
      `the ${model} fixture has no vector for ${JSON.stringify(text.slice(0, 80))} (${textKey(text)}): record it again`,
    );
  }
}

export function readFixture(path: string): EmbeddingFixture {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<EmbeddingFixture>;
  if (parsed.format !== fixtureFormat || !parsed.model || !parsed.dimensions || !parsed.vectors) {
    throw new Error(`${path} is not a ${fixtureFormat} fixture`);
  }
  return parsed as EmbeddingFixture;
}

/** Vectors from a fixture; a text it lacks throws MissingEmbedding. */
export function replay(fixture: EmbeddingFixture) {
  return (texts: string[]): number[][] =>
    texts.map((text) => {
      const stored = fixture.vectors[textKey(text)];
      if (!stored) throw new MissingEmbedding(fixture.model, text);
      return decode(stored);
    });
}

/** Wraps an embedder so that every vector it makes is kept, and written to `path` by `save()`. */
export function recorder(
  model: string,
  dimensions: number,
  path: string,
  embed: (texts: string[]) => Promise<number[][]>,
) {
  const fixture: EmbeddingFixture = existsSync(path)
    ? readFixture(path)
    : { format: fixtureFormat, model, dimensions, vectors: {} };
  return {
    async embed(texts: string[]) {
      const vectors = await embed(texts);
      for (const [index, text] of texts.entries()) fixture.vectors[textKey(text)] = encode(vectors[index] ?? []);
      return vectors;
    },
    save() {
      writeFileSync(path, `${JSON.stringify(fixture)}\n`);
      return Object.keys(fixture.vectors).length;
    },
  };
}
