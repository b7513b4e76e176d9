import { describe, expect, it } from "vitest";
import { call, createDemoOrganization, createKey, createOrganization, say, startConversation } from "./support.ts";

describe("the knowledge base", () => {
  it("a new entry is answered from at once; unpublished or deleted, it is not", async () => {
    const { apiKey } = await createDemoOrganization();
    const question = "Do you sell waterproof cycling jackets?";
    const before = await say(apiKey.key, await startConversation(apiKey.key), question);
    expect(before.reply?.metadata).toMatchObject({ handover: "low_confidence" });

    const created = await call("/v1/knowledge", {
      method: "POST",
      token: apiKey.key,
      json: {
        title: "Do you sell cycling clothing?",
        content: "Yes: waterproof jackets, gloves and overshoes from Endura and Altura, in store and online.",
        category: "products",
        tags: ["clothing"],
      },
    });
    expect(created.status).toBe(201);
    const { entry } = await created.json<{ entry: { id: string; isPublished: boolean } }>();
    expect(entry.isPublished).toBe(true);

    const answered = await say(apiKey.key, await startConversation(apiKey.key), question);
    expect(answered.reply?.content).toContain("waterproof jackets");
    expect(answered.reply?.metadata).toMatchObject({ sources: [expect.objectContaining({ id: entry.id })] });

    const unpublished = await call(`/v1/knowledge/${entry.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { isPublished: false },
    });
    expect(await unpublished.json()).toMatchObject({ entry: { isPublished: false } });
    const search = await call(`/v1/knowledge/search?q=${encodeURIComponent("waterproof jackets")}`, {
      token: apiKey.key,
    });
    const hits = await search.json<{ data: { id: string }[] }>();
    expect(hits.data.map((hit) => hit.id)).not.toContain(entry.id);

    expect((await call(`/v1/knowledge/${entry.id}`, { method: "DELETE", token: apiKey.key })).status).toBe(204);
    expect((await call(`/v1/knowledge/${entry.id}`, { token: apiKey.key })).status).toBe(404);
  });

  it("search ranks the entry that covers the question first, with a score", async () => {
    const { apiKey } = await createDemoOrganization();
    const response = await call(`/v1/knowledge/search?q=${encodeURIComponent("how much is a puncture repair")}`, {
      token: apiKey.key,
    });
    const { data } = await response.json<{ data: { title: string; score: number }[] }>();
    expect(data[0]?.title).toBe("How much is a puncture repair?");
    expect(data[0]?.score).toBeGreaterThan(data[1]?.score ?? 0);
  });

  it("lists by category with cursor pagination", async () => {
    const { apiKey } = await createDemoOrganization();
    const first = await (await call("/v1/knowledge?category=hours&limit=2", { token: apiKey.key })).json<{
      data: { title: string; category: string }[];
      nextCursor: string | null;
    }>();
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await (
      await call(`/v1/knowledge?category=hours&limit=2&cursor=${first.nextCursor}`, { token: apiKey.key })
    ).json<{ data: { title: string; category: string }[]; nextCursor: string | null }>();
    const titles = [...first.data, ...second.data].map((entry) => entry.title);
    // Three English entries and their German counterpart.
    expect(new Set(titles).size).toBe(4);
    expect([...first.data, ...second.data].every((entry) => entry.category === "hours")).toBe(true);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses bad input with problem+json and writes nothing; a read-only key cannot write", async () => {
    const { apiKey } = await createOrganization();
    const invalid = await call("/v1/knowledge", {
      method: "POST",
      token: apiKey.key,
      json: { title: "", content: "x", sourceUrl: "not a url", colour: "red" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    const readOnly = await createKey(apiKey.key, ["config:read"]);
    const refused = await call("/v1/knowledge", {
      method: "POST",
      token: readOnly.key,
      json: { title: "T", content: "C" },
    });
    expect(refused.status).toBe(403);
    const list = await (await call("/v1/knowledge", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(list.data).toEqual([]);
  });
});

describe("message search", () => {
  it("finds the tenant's messages by stemmed words, newest first, with the match highlighted", async () => {
    const { apiKey } = await createDemoOrganization();
    const other = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    await say(apiKey.key, id, "Is there parking near the shop?");
    await say(other.apiKey.key, await startConversation(other.apiKey.key), "Is there parking near the shop?");
    const response = await call(`/v1/messages/search?q=${encodeURIComponent("parked")}`, { token: apiKey.key });
    const { data } = await response.json<{ data: { conversationId: string; role: string; highlight: string }[] }>();
    expect(data.length).toBeGreaterThanOrEqual(1);
    expect(data.every((hit) => hit.conversationId === id)).toBe(true);
    expect(data.at(-1)).toMatchObject({ role: "customer", highlight: expect.stringContaining("<mark>parking</mark>") });
    const none = await call(`/v1/messages/search?q=${encodeURIComponent("parking -shop")}`, { token: apiKey.key });
    expect((await none.json<{ data: { role: string }[] }>()).data.some((hit) => hit.role === "customer")).toBe(false);
  });
});

describe("templates and stages", () => {
  it("a stage built from its templates is listed; a template in use cannot be deleted; names are unique", async () => {
    const { apiKey } = await createOrganization();
    const template = await call("/v1/templates", {
      method: "POST",
      token: apiKey.key,
      json: {
        name: "Intake",
        templateType: "data_extraction",
        content: "{{conversation}}",
        systemPrompt: "Extract the order number.",
      },
    });
    expect(template.status).toBe(201);
    const templateId = (await template.json<{ template: { id: string } }>()).template.id;
    const stageBody = {
      name: "returns",
      description: "Handle a return",
      stageType: "support",
      requiredFields: ["order_number"],
      stageSelectionTemplateId: templateId,
      dataExtractionTemplateId: templateId,
      responseGenerationTemplateId: templateId,
    };
    const stage = await call("/v1/stages", { method: "POST", token: apiKey.key, json: stageBody });
    expect(stage.status).toBe(201);
    expect(await stage.json()).toMatchObject({
      stage: { name: "returns", requiredFields: ["order_number"], position: 0 },
    });

    const duplicate = await call("/v1/stages", { method: "POST", token: apiKey.key, json: stageBody });
    expect(duplicate.status).toBe(409);
    const inUse = await call(`/v1/templates/${templateId}`, { method: "DELETE", token: apiKey.key });
    expect(inUse.status).toBe(409);
    const foreign = await createOrganization("Other");
    const crossTenant = await call("/v1/stages", {
      method: "POST",
      token: foreign.apiKey.key,
      json: { ...stageBody, name: "stolen" },
    });
    expect(crossTenant.status).toBe(400);
    const listed = await (await call("/v1/templates?templateType=data_extraction", { token: apiKey.key })).json();
    expect(listed).toMatchObject({ data: [{ id: templateId, name: "Intake" }] });
  });
});
