import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { configuredEmbedder, type EmbedderSettings } from "../src/engine/models/embeddings.ts";

const settings: EmbedderSettings = env;

const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

describe("one Embedder interface over both providers", () => {
  it("Workers AI's bge-m3 (over REST here) answers 1024 dimensions per text, in order, for a batch", async () => {
    const workersAi = configuredEmbedder({
      ...settings,
      EMBEDDINGS_MODEL: "@cf/baai/bge-m3",
      EMBEDDINGS_DIMENSIONS: "",
    });
    expect(workersAi).toMatchObject({ model: "@cf/baai/bge-m3", dimensions: 1024 });
    const [gift = [], present = [], puncture = []] =
      (await workersAi?.embed(["gift vouchers", "presents", "puncture repair"], "document")) ?? [];
    expect(gift).toHaveLength(1024);
    expect(cosine(gift, present)).toBeGreaterThan(cosine(gift, puncture));
  });

  it("an OpenAI-compatible endpoint answers the configured size, one vector per text", async () => {
    const openAi = configuredEmbedder(settings);
    expect(openAi).toMatchObject({ model: "text-embedding-scripted", dimensions: 1536 });
    const vectors = (await openAi?.embed(["gift vouchers", "presents"], "query")) ?? [];
    expect(vectors.map((vector) => vector.length)).toEqual([1536, 1536]);
  });

  it("a provider's failure is an error, never a vector of the wrong size", async () => {
    const openAi = configuredEmbedder(settings);
    await expect(openAi?.embed(["embedding-outage"], "query")).rejects.toThrow(/503/);
    const misconfigured = configuredEmbedder({ ...settings, EMBEDDINGS_DIMENSIONS: "768" });
    await expect(misconfigured?.embed(["gift"], "query")).rejects.toThrow(/1536 dimensions, expected 768/);
  });

  it("no embedder without a model, a stored size, or the provider's credentials", () => {
    expect(configuredEmbedder({ ...settings, EMBEDDINGS_MODEL: "" })).toBeUndefined();
    expect(configuredEmbedder({ ...settings, EMBEDDINGS_DIMENSIONS: "3072" })).toBeUndefined();
    expect(
      configuredEmbedder({ ...settings, EMBEDDINGS_MODEL: "@cf/baai/bge-m3", CLOUDFLARE_API_TOKEN: "" }),
    ).toBeUndefined();
  });
});
