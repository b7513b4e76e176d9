import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { presenceTtlMs } from "../src/presence/agent-presence.ts";
import { activeSessions, agentPresence } from "../src/presence/stubs.ts";

const organization = () => crypto.randomUUID();

describe("the AgentPresence object", () => {
  it("an agent whose heartbeats stop reads as offline, and the alarm records it", async () => {
    const org = organization();
    const agentId = crypto.randomUUID();
    const presence = agentPresence(env, org);
    expect((await presence.heartbeat(org, agentId, "online")).status).toBe("online");
    expect(await presence.snapshot()).toEqual([expect.objectContaining({ agentId, status: "online" })]);
    // Age the heartbeat past the TTL, as if the dashboard had been closed.
    await runInDurableObject(presence, (_instance, state) => {
      const stored = state.storage.kv.get<{ lastSeenAt: number }>(`agent:${agentId}`);
      state.storage.kv.put(`agent:${agentId}`, { ...stored, lastSeenAt: Date.now() - presenceTtlMs - 1 });
    });
    expect(await presence.snapshot()).toEqual([expect.objectContaining({ agentId, status: "offline" })]);
    expect(await runDurableObjectAlarm(presence)).toBe(true);
    await runInDurableObject(presence, (_instance, state) => {
      expect(state.storage.kv.get<{ status: string }>(`agent:${agentId}`)?.status).toBe("offline");
    });
  });

  it("of 12 simultaneous claims on two agents with room for 3 and 2, exactly 5 get an agent", async () => {
    const org = organization();
    const presence = agentPresence(env, org);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await presence.heartbeat(org, a, "online");
    await presence.heartbeat(org, b, "online");
    const candidates = [
      { agentId: a, maxConcurrentChats: 3 },
      { agentId: b, maxConcurrentChats: 2 },
    ];
    const claims = await Promise.all(Array.from({ length: 12 }, () => presence.claim(crypto.randomUUID(), candidates)));
    expect(claims.filter((agent) => agent === a)).toHaveLength(3);
    expect(claims.filter((agent) => agent === b)).toHaveLength(2);
    expect(claims.filter((agent) => agent === null)).toHaveLength(7);
  });

  it("never assigns an away or silent agent, and a released chat frees a slot", async () => {
    const org = organization();
    const presence = agentPresence(env, org);
    const [away, busy] = [crypto.randomUUID(), crypto.randomUUID()];
    await presence.heartbeat(org, away, "away");
    await presence.heartbeat(org, busy, "online");
    const candidates = [
      { agentId: away, maxConcurrentChats: 5 },
      { agentId: busy, maxConcurrentChats: 1 },
      { agentId: crypto.randomUUID(), maxConcurrentChats: 5 },
    ];
    const first = crypto.randomUUID();
    expect(await presence.claim(first, candidates)).toBe(busy);
    expect(await presence.claim(first, candidates)).toBe(busy);
    expect(await presence.claim(crypto.randomUUID(), candidates)).toBeNull();
    await presence.release(busy, first);
    expect(await presence.claim(crypto.randomUUID(), candidates)).toBe(busy);
  });
});

describe("the ActiveSessions object", () => {
  const session = () => ({
    conversationId: crypto.randomUUID(),
    customerId: crypto.randomUUID(),
    channelId: null,
    agentId: null,
  });

  it("orders sessions by last activity, pages without gaps or repeats, and forgets ended ones", async () => {
    const sessions = activeSessions(env, organization());
    const started = Array.from({ length: 5 }, session);
    for (const [index, s] of started.entries()) await sessions.touch(s, 1_000 + index);
    await sessions.touch(started[0] ?? session(), 2_000);
    await sessions.touch(started[3] ?? session(), 1_000);
    const first = await sessions.list(3);
    expect(first.total).toBe(5);
    const order = first.sessions.map((s) => s.conversationId);
    const last = first.sessions[2];
    if (!last) throw new Error("expected three sessions");
    const second = await sessions.list(3, { lastActivityAt: last.lastActivityAt, conversationId: last.conversationId });
    const everything = [...order, ...second.sessions.map((s) => s.conversationId)];
    expect(everything).toHaveLength(5);
    expect(new Set(everything).size).toBe(5);
    expect(everything[0]).toBe(started[0]?.conversationId);
    expect(first.sessions[0]?.startedAt).toBe(1_000);
    await sessions.end(started[0]?.conversationId ?? "");
    expect((await sessions.list(10)).total).toBe(4);
  });

  it("drops sessions idle for a day when its alarm runs", async () => {
    const sessions = activeSessions(env, organization());
    const stale = session();
    const fresh = session();
    await sessions.touch(stale, Date.now() - 25 * 60 * 60 * 1000);
    await sessions.touch(fresh);
    expect(await runDurableObjectAlarm(sessions)).toBe(true);
    expect((await sessions.list(10)).sessions.map((s) => s.conversationId)).toEqual([fresh.conversationId]);
  });
});
