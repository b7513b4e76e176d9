import { describe, expect, it } from "vitest";
import { call, createOrganization } from "./support.ts";

async function staffUser(ownerKey: string) {
  const email = `agent-${crypto.randomUUID().slice(0, 8)}@shop.example`;
  const response = await call("/v1/users", {
    method: "POST",
    token: ownerKey,
    json: { email, password: "a long enough password", role: "agent" },
  });
  return (await response.json<{ user: { id: string } }>()).user.id;
}

describe("/v1/agents", () => {
  it("creates AI and human agents with status, availability, capacity and specialties", async () => {
    const { apiKey } = await createOrganization();
    const ai = await call("/v1/agents", {
      method: "POST",
      token: apiKey.key,
      json: { kind: "ai", displayName: "Nora", model: "builtin" },
    });
    expect(ai.status).toBe(201);
    expect(await ai.json()).toMatchObject({
      agent: { kind: "ai", status: "offline", availability: "unavailable", maxConcurrentChats: 3 },
    });
    const userId = await staffUser(apiKey.key);
    const human = await call("/v1/agents", {
      method: "POST",
      token: apiKey.key,
      json: {
        kind: "human",
        userId,
        displayName: "Sam",
        maxConcurrentChats: 4,
        specialties: ["repairs"],
        status: "online",
        availability: "available",
      },
    });
    expect(human.status).toBe(201);
    const { agent } = await human.json<{ agent: { id: string } }>();
    const changed = await call(`/v1/agents/${agent.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { status: "away", maxConcurrentChats: 2 },
    });
    expect(await changed.json()).toMatchObject({ agent: { status: "away", maxConcurrentChats: 2 } });
    const listed = await (await call("/v1/agents", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(listed.data).toHaveLength(2);
  });

  it("refuses a human agent without a user, an AI agent with one, and another tenant's user", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const foreignUser = await staffUser(b.apiKey.key);
    const post = (json: unknown) => call("/v1/agents", { method: "POST", token: a.apiKey.key, json });
    expect((await post({ kind: "human", displayName: "No user" })).status).toBe(400);
    expect((await post({ kind: "ai", displayName: "Bot", userId: foreignUser })).status).toBe(400);
    expect((await post({ kind: "human", displayName: "Spy", userId: foreignUser })).status).toBe(400);
    expect((await post({ kind: "ai", displayName: "Bot", maxConcurrentChats: 1000 })).status).toBe(400);
  });

  it("another tenant's agent id is 404 on every route and unchanged", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const { agent } = await (
      await call("/v1/agents", { method: "POST", token: a.apiKey.key, json: { kind: "ai", displayName: "Nora" } })
    ).json<{
      agent: { id: string };
    }>();
    expect(
      (await call(`/v1/agents/${agent.id}`, { method: "PATCH", token: b.apiKey.key, json: { status: "online" } }))
        .status,
    ).toBe(404);
    expect((await call(`/v1/agents/${agent.id}`, { method: "DELETE", token: b.apiKey.key })).status).toBe(404);
    const still = await (await call("/v1/agents", { token: a.apiKey.key })).json<{ data: { status: string }[] }>();
    expect(still.data).toEqual([expect.objectContaining({ status: "offline" })]);
  });
});
