import { describe, expect, it } from "vitest";
import { call, createOrganization, humanAgent } from "./support.ts";

describe("agent presence through the gateway", () => {
  it("a staff user's heartbeat shows them online to the team and in their agent record", async () => {
    const { apiKey } = await createOrganization();
    const sam = await humanAgent(apiKey.key);
    const before = await (await call("/v1/presence/agents", { token: apiKey.key })).json();
    expect(before).toMatchObject({ data: [{ agentId: sam.agentId, status: "offline", lastSeenAt: null }] });
    const beat = await call(`/v1/presence/agents/${sam.agentId}`, {
      method: "PUT",
      token: sam.token,
      json: { status: "online" },
    });
    expect(beat.status).toBe(200);
    expect(await beat.json()).toMatchObject({ presence: { status: "online", activeChats: 0, maxConcurrentChats: 3 } });
    const after = await (await call("/v1/presence/agents", { token: apiKey.key })).json();
    expect(after).toMatchObject({ data: [{ agentId: sam.agentId, status: "online" }] });
    const record = await (await call("/v1/agents", { token: apiKey.key })).json();
    expect(record).toMatchObject({ data: [{ id: sam.agentId, status: "online" }] });
  });

  it("an agent cannot report for a colleague; an admin key can", async () => {
    const { apiKey } = await createOrganization();
    const sam = await humanAgent(apiKey.key);
    const kim = await humanAgent(apiKey.key);
    const forColleague = await call(`/v1/presence/agents/${kim.agentId}`, {
      method: "PUT",
      token: sam.token,
      json: { status: "online" },
    });
    expect(forColleague.status).toBe(403);
    const byOwner = await call(`/v1/presence/agents/${kim.agentId}`, {
      method: "PUT",
      token: apiKey.key,
      json: { status: "away" },
    });
    expect(await byOwner.json()).toMatchObject({ presence: { status: "away" } });
  });

  it("refuses unknown statuses, and another tenant's agent is 404", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const theirs = await humanAgent(b.apiKey.key);
    const bad = await call(`/v1/presence/agents/${theirs.agentId}`, {
      method: "PUT",
      token: b.apiKey.key,
      json: { status: "sleeping" },
    });
    expect(bad.status).toBe(400);
    const cross = await call(`/v1/presence/agents/${theirs.agentId}`, {
      method: "PUT",
      token: a.apiKey.key,
      json: { status: "online" },
    });
    expect(cross.status).toBe(404);
    expect(await (await call("/v1/presence/agents", { token: b.apiKey.key })).json()).toMatchObject({
      data: [{ status: "offline" }],
    });
  });

  it("lists the organization's active sessions (none yet) with a total", async () => {
    const { apiKey } = await createOrganization();
    const response = await call("/v1/presence/sessions", { token: apiKey.key });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], nextCursor: null, total: 0 });
  });
});
