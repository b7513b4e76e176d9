import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { identityHeader } from "@frontdesk/http";
import { eq, sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import worker from "../src/index.ts";
import { type EmbeddingWork, embedQueuedEntries } from "../src/knowledge/embedding-queue.ts";

/** An organization and an API-key identity for the chat worker's routes. */
async function organization() {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db.insert(schema.organizations).values({ id: organizationId, name: "Spokes", slug: organizationId });
  const headers = {
    [identityHeader]: JSON.stringify({
      organizationId,
      principal: "api_key",
      scopes: ["*"],
      subjectId: crypto.randomUUID(),
    }),
    "content-type": "application/json",
  };
  const api = (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") =>
    exports.default.fetch(`https://chat.internal${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { db, organizationId, api };
}

/** The queue's consumer, run on the work the knowledge routes queue (as the queue would deliver it). */
async function runConsumer(work: EmbeddingWork[]) {
  const batch = createMessageBatch<EmbeddingWork>(
    "frontdesk-knowledge-embeddings",
    work.map((body, index) => ({ id: `embed-${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue?.(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const withVectors = inject("backendKind") === "pglite";

async function stored(organizationId: string) {
  const k = schema.knowledgeEntries;
  return createDb(env)
    .select({
      title: k.title,
      model: k.embeddingModel,
      dimensions: k.embeddingDimensions,
      in1536: sql<boolean>`${k.embedding1536} is not null`,
      in1024: sql<boolean>`${k.embedding1024} is not null`,
      hash: k.embeddedTextHash,
    })
    .from(k)
    .where(eq(k.organizationId, organizationId))
    .orderBy(k.title);
}

describe("knowledge embeddings, through the queue", () => {
  it("a write queues the entry and returns without embedding; the consumer embeds it once, and again only when its text changes", async () => {
    const { organizationId, api } = await organization();
    const marker = crypto.randomUUID();
    const created = await api("/v1/knowledge", {
      title: "Gift vouchers",
      content: `We sell vouchers from £10, redeemable in store and online (${marker}).`,
    });
    expect(created.status).toBe(201);
    const { entry } = await created.json<{ entry: { id: string; embedding: unknown } }>();
    expect(entry.embedding).toBeNull();
    const work = [{ organizationId, entryId: entry.id }];

    const first = await runConsumer(work);
    expect(first.retryBatch.retry).toBe(false);
    const [row] = await stored(organizationId);
    if (!withVectors) {
      // PostgreSQL without pgvector: nothing to search vectors with, so nothing is embedded.
      expect(row).toMatchObject({ model: null, in1536: false });
      return;
    }
    expect(row).toMatchObject({ model: "text-embedding-scripted", dimensions: 1536, in1536: true, in1024: false });
    const requestsBefore = await embeddingRequests(marker);
    expect(requestsBefore).toBe(1);
    await runConsumer(work);
    expect(await embeddingRequests(marker)).toBe(requestsBefore);

    const edit = { content: `Vouchers from £5 now (${marker}).` };
    expect((await api(`/v1/knowledge/${entry.id}`, edit, "PATCH")).status).toBe(200);
    await runConsumer(work);
    expect(await embeddingRequests(marker)).toBe(requestsBefore + 1);
    const [changed] = await stored(organizationId);
    expect(changed?.hash).not.toBe(row?.hash);
    const viewed = await (await api(`/v1/knowledge/${entry.id}`)).json<{ entry: { embedding: unknown } }>();
    expect(viewed.entry.embedding).toMatchObject({ model: "text-embedding-scripted", dimensions: 1536 });
  });

  it("a model change re-embeds into that size's column; a provider failure retries the batch", async () => {
    const { organizationId, api } = await organization();
    const created = await api("/v1/knowledge", { title: "Puncture repair", content: "£15 a wheel, while you wait." });
    const { entry } = await created.json<{ entry: { id: string } }>();
    const work = [{ organizationId, entryId: entry.id }];
    await runConsumer(work);
    if (!withVectors) return;
    // The deployment switches to Workers AI's bge-m3: the same entry is embedded again, in 1024 dimensions.
    await embedQueuedEntries({ ...env, EMBEDDINGS_MODEL: "@cf/baai/bge-m3", EMBEDDINGS_DIMENSIONS: "" }, work);
    expect(await stored(organizationId)).toEqual([
      expect.objectContaining({ model: "@cf/baai/bge-m3", dimensions: 1024, in1024: true, in1536: false }),
    ]);

    const failing = await api("/v1/knowledge", { title: "Outage", content: "embedding-outage" });
    const { entry: broken } = await failing.json<{ entry: { id: string } }>();
    const result = await runConsumer([{ organizationId, entryId: broken.id }]);
    expect(result.retryBatch.retry).toBe(true);
  });

  it("fuses lexical and vector retrieval once the organization's entries have vectors; lexical only before", async () => {
    const { organizationId, api } = await organization();
    const ids: string[] = [];
    for (const entry of [
      { title: "Gift vouchers", content: "We sell vouchers from £10, redeemable in store and online." },
      { title: "Puncture repair", content: "Punctures are fixed while you wait, £15 per wheel." },
    ]) {
      const created = await api("/v1/knowledge", entry);
      ids.push((await created.json<{ entry: { id: string } }>()).entry.id);
    }
    // No word in common with "Gift vouchers" and none its synonyms share: only the embeddings
    // (whose hash embedder treats "presents" and "vouchers" as one meaning) connect them.
    const question = "Are presents sold?";
    const search = async () =>
      (
        await (
          await api(`/v1/knowledge/search?q=${encodeURIComponent(question)}`)
        ).json<{ data: { title: string; score: number }[] }>()
      ).data;
    expect((await search()).map((hit) => hit.title)).not.toContain("Gift vouchers");
    await search();
    // Not embedded yet: the question is not embedded either.
    expect(await embeddingRequests(question)).toBe(0);

    await runConsumer(ids.map((entryId) => ({ organizationId, entryId })));
    const status = await (await api("/v1/knowledge/embeddings")).json<{ entries: number; embedded: number }>();
    expect(status).toMatchObject({ entries: 2, embedded: withVectors ? 2 : 0 });

    const created = await api("/v1/conversations", { customer: { name: "Robin" } });
    const { conversation } = await created.json<{ conversation: { id: string } }>();
    const turn = await api(`/v1/conversations/${conversation.id}/messages`, { content: question });
    const { reply } = await turn.json<{ reply: { content: string; metadata: Record<string, unknown> } }>();
    if (withVectors) {
      // Meaning alone finds the entry but never answers from it: the customer is offered it.
      const [top] = await search();
      expect(top).toMatchObject({ title: "Gift vouchers" });
      expect(top?.score).toBeLessThanOrEqual(0.3);
      expect(reply.metadata).toMatchObject({
        sources: [],
        suggestions: [expect.objectContaining({ title: "Gift vouchers" })],
      });
      const picked = await api(`/v1/conversations/${conversation.id}/messages`, { content: "yes" });
      const answered = await picked.json<{ reply: { content: string } }>();
      expect(answered.reply.content).toContain("We sell vouchers from £10");
    } else {
      expect(reply.metadata).toMatchObject({ handover: "low_confidence" });
    }
  });
});

/**
 * How many embedding calls the scripted provider has answered for texts containing `marker`: other
 * test files embed on the same server in parallel, so only this test's own texts are counted.
 */
async function embeddingRequests(marker: string): Promise<number> {
  const requests = await (await fetch(`${inject("scriptedLlmUrl")}/requests`)).json<
    { path: string; body: unknown }[]
  >();
  return requests.filter(
    (request) =>
      (request.path.endsWith("/embeddings") || request.path.includes("/ai/run/@cf/baai/")) &&
      JSON.stringify(request.body).includes(marker),
  ).length;
}
