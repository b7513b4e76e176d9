import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { identityHeader } from "@frontdesk/http";
import { eq, sql } from "drizzle-orm";
import { expect, inject, it } from "vitest";

/** An organization with two knowledge entries added through the API (and so embedded). */
async function organizationWithKnowledge() {
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
  const api = (path: string, body?: unknown) =>
    exports.default.fetch(`https://chat.internal${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  for (const entry of [
    { title: "Gift vouchers", content: "We sell vouchers from £10, redeemable in store and online." },
    { title: "Puncture repair", content: "Punctures are fixed while you wait, £15 per wheel." },
  ]) {
    expect((await api("/v1/knowledge", entry)).status).toBe(201);
  }
  return { db, organizationId, api };
}

it("fuses lexical and vector retrieval where pgvector exists; embeddings name their model", async () => {
  const { db, organizationId, api } = await organizationWithKnowledge();
  const withVectors = inject("backendKind") === "pglite";
  const entries = await db
    .select({
      embedded: sql<boolean>`${schema.knowledgeEntries.embedding} is not null`,
      model: schema.knowledgeEntries.embeddingModel,
    })
    .from(schema.knowledgeEntries)
    .where(eq(schema.knowledgeEntries.organizationId, organizationId));
  const model = withVectors ? "text-embedding-scripted" : null;
  expect(entries).toEqual([
    { embedded: withVectors, model },
    { embedded: withVectors, model },
  ]);

  // No word in common with "Gift vouchers" and none its synonyms share: only the embeddings
  // (whose scripted model treats "presents" and "vouchers" as one meaning) connect them.
  const question = "Are presents sold?";
  const search = await api(`/v1/knowledge/search?q=${encodeURIComponent(question)}`);
  expect(search.status).toBe(200);
  const { data } = await search.json<{ data: { title: string; score: number }[] }>();

  const created = await api("/v1/conversations", { customer: { name: "Robin" } });
  const { conversation } = await created.json<{ conversation: { id: string } }>();
  const turn = await api(`/v1/conversations/${conversation.id}/messages`, { content: question });
  const { reply } = await turn.json<{ reply: { content: string; metadata: Record<string, unknown> } }>();

  if (withVectors) {
    expect(data[0]).toMatchObject({ title: "Gift vouchers" });
    expect(data[0]?.score).toBeGreaterThan(0.6);
    expect(reply.content).toContain("We sell vouchers from £10");
    expect(reply.metadata).toMatchObject({ sources: [expect.objectContaining({ title: "Gift vouchers" })] });
  } else {
    // PostgreSQL without pgvector: the embedding columns are real[]; retrieval is lexical only.
    expect(data.map((hit) => hit.title)).not.toContain("Gift vouchers");
    expect(reply.metadata).toMatchObject({ handover: "low_confidence" });
  }
});
