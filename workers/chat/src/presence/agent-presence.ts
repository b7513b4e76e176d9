import { DurableObject } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import type { agentStatuses } from "@frontdesk/db/schema";
import { and, eq, inArray } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";

export type AgentStatus = (typeof agentStatuses)[number];

export interface AgentPresenceState {
  agentId: string;
  /** What the agent last said; reads as "offline" once the heartbeat is older than the TTL. */
  status: AgentStatus;
  lastSeenAt: number;
  /** Conversations this agent is handling now. */
  activeChats: string[];
}

export interface Candidate {
  agentId: string;
  maxConcurrentChats: number;
}

/** An agent not heard from for this long is offline (the dashboard heartbeats every 30 s). */
export const presenceTtlMs = 90_000;

const agentKey = (agentId: string) => `agent:${agentId}`;

/**
 * The live presence of one organization's human agents (seed 003's `agent:{agentId}:status`):
 * heartbeats, expiry and the chats each one holds, so that assignment can pick an agent with room
 * atomically. One object per organization: assignment must see all of its agents at once, and an
 * organization's agents heartbeat a few times a minute, far below one object's throughput.
 * Postgres keeps the durable copy in agents.status, written only when the status changes.
 */
export class AgentPresence extends DurableObject<ChatEnv> {
  async heartbeat(organizationId: string, agentId: string, status: AgentStatus): Promise<AgentPresenceState> {
    this.ctx.storage.kv.put("organizationId", organizationId);
    const before = this.current(agentId);
    const now = Date.now();
    const next: AgentPresenceState = {
      agentId,
      status,
      lastSeenAt: now,
      activeChats: before?.activeChats ?? [],
    };
    this.ctx.storage.kv.put(agentKey(agentId), next);
    await this.scheduleExpiry(now + presenceTtlMs);
    if (effectiveStatus(before, now) !== status) await this.persist(organizationId, [agentId], status);
    return next;
  }

  snapshot(): AgentPresenceState[] {
    const now = Date.now();
    return this.states().map((state) => ({
      ...state,
      status: effectiveStatus(state, now),
    }));
  }

  /**
   * Gives the conversation to the online candidate with the most room (fewest chats below their
   * maximum), or to nobody. One object per organization handles one call at a time, so two
   * conversations can never both take an agent's last free slot.
   */
  claim(conversationId: string, candidates: Candidate[]): string | null {
    const now = Date.now();
    let best: { state: AgentPresenceState; free: number } | undefined;
    for (const candidate of candidates) {
      const state = this.current(candidate.agentId);
      if (!state || effectiveStatus(state, now) !== "online") continue;
      if (state.activeChats.includes(conversationId)) return state.agentId;
      const free = candidate.maxConcurrentChats - state.activeChats.length;
      if (free > 0 && (!best || free > best.free)) best = { state, free };
    }
    if (!best) return null;
    this.ctx.storage.kv.put(agentKey(best.state.agentId), {
      ...best.state,
      activeChats: [...best.state.activeChats, conversationId],
    });
    return best.state.agentId;
  }

  /** A person took the conversation themselves (or was given it): it counts against their room. */
  hold(agentId: string, conversationId: string): void {
    const state = this.current(agentId);
    if (!state || state.activeChats.includes(conversationId)) return;
    this.ctx.storage.kv.put(agentKey(agentId), { ...state, activeChats: [...state.activeChats, conversationId] });
  }

  release(agentId: string, conversationId: string): void {
    const state = this.current(agentId);
    if (!state) return;
    this.ctx.storage.kv.put(agentKey(agentId), {
      ...state,
      activeChats: state.activeChats.filter((id) => id !== conversationId),
    });
  }

  /** Agents whose heartbeat stopped go offline, in storage and in Postgres. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const organizationId = this.ctx.storage.kv.get<string>("organizationId");
    const expired: string[] = [];
    let nextExpiry = Number.POSITIVE_INFINITY;
    for (const state of this.states()) {
      if (state.status === "offline") continue;
      if (now >= state.lastSeenAt + presenceTtlMs) {
        expired.push(state.agentId);
        this.ctx.storage.kv.put(agentKey(state.agentId), { ...state, status: "offline" });
      } else nextExpiry = Math.min(nextExpiry, state.lastSeenAt + presenceTtlMs);
    }
    if (Number.isFinite(nextExpiry)) this.ctx.storage.setAlarm(nextExpiry);
    if (organizationId && expired.length > 0) await this.persist(organizationId, expired, "offline");
  }

  private states(): AgentPresenceState[] {
    return [...this.ctx.storage.kv.list<AgentPresenceState>({ prefix: "agent:" })].map(([, state]) => state);
  }

  private current(agentId: string): AgentPresenceState | undefined {
    return this.ctx.storage.kv.get<AgentPresenceState>(agentKey(agentId));
  }

  private async scheduleExpiry(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async persist(organizationId: string, agentIds: string[], status: AgentStatus): Promise<void> {
    const t = schema.agents;
    await createDb(this.env)
      .update(t)
      .set({ status })
      .where(and(eq(t.organizationId, organizationId), inArray(t.id, agentIds)));
  }
}

function effectiveStatus(state: AgentPresenceState | undefined, now: number): AgentStatus {
  if (!state || now >= state.lastSeenAt + presenceTtlMs) return "offline";
  return state.status;
}
