import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { configuredEmbedder, type EmbedderSettings, embeddingDimensions } from "../src/engine/models/embeddings.ts";

const settings: EmbedderSettings = env;

const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

it("a Workers AI embedding model (over REST here) fills the 1536-dimension column without changing similarity", async () => {
  const workersAi = configuredEmbedder({ ...settings, EMBEDDINGS_MODEL: "@cf/baai/bge-m3" });
  expect(workersAi?.model).toBe("@cf/baai/bge-m3");
  expect(configuredEmbedder(settings)?.model).toBe("text-embedding-scripted");

  const [gift = [], present = [], puncture = []] = await Promise.all(
    ["gift vouchers", "presents", "puncture repair"].map((text) => workersAi?.embed(text) ?? []),
  );
  expect(gift).toHaveLength(embeddingDimensions);
  expect(gift.slice(1024).every((value) => value === 0)).toBe(true);
  expect(cosine(gift, present)).toBeGreaterThan(cosine(gift, puncture));
});

it("no embedder without a model, or without the provider's credentials", () => {
  expect(configuredEmbedder({ ...settings, EMBEDDINGS_MODEL: "" })).toBeUndefined();
  expect(
    configuredEmbedder({ ...settings, EMBEDDINGS_MODEL: "@cf/baai/bge-m3", CLOUDFLARE_API_TOKEN: "" }),
  ).toBeUndefined();
});
