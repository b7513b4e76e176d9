import { DurableObject } from "cloudflare:workers";
import type { ChatEnv } from "../env.ts";

export interface ActiveSession {
  conversationId: string;
  customerId: string;
  channelId: string | null;
  agentId: string | null;
  startedAt: number;
  lastActivityAt: number;
}

/** A session with no activity for this long leaves the set (the session context closes it first). */
export const sessionIdleLimitMs = 24 * 60 * 60 * 1000;

type SessionRow = {
  conversation_id: string;
  customer_id: string;
  channel_id: string | null;
  agent_id: string | null;
  started_at: number;
  last_activity_at: number;
};

const toSession = (row: SessionRow): ActiveSession => ({
  conversationId: row.conversation_id,
  customerId: row.customer_id,
  channelId: row.channel_id,
  agentId: row.agent_id,
  startedAt: row.started_at,
  lastActivityAt: row.last_activity_at,
});

/**
 * One organization's open conversations ordered by last activity (seed 003's
 * `organization:{organizationId}:active_sessions` sorted set), for the live dashboard. SQLite
 * storage with an index on the activity time plays the sorted set. One object per organization:
 * it is touched once per message, which a single object absorbs for all but the very largest
 * tenants; those would shard by conversation id hash and merge on read (not needed yet).
 */
export class ActiveSessions extends DurableObject<ChatEnv> {
  constructor(ctx: DurableObjectState, env: ChatEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(`create table if not exists sessions (
      conversation_id text primary key,
      customer_id text not null,
      channel_id text,
      agent_id text,
      started_at integer not null,
      last_activity_at integer not null
    )`);
    ctx.storage.sql.exec("create index if not exists sessions_activity on sessions (last_activity_at desc)");
  }

  /** Adds the session, or moves it to the front with its current agent. */
  async touch(session: Omit<ActiveSession, "startedAt" | "lastActivityAt">, at = Date.now()): Promise<void> {
    this.ctx.storage.sql.exec(
      `insert into sessions values (?, ?, ?, ?, ?, ?)
       on conflict (conversation_id) do update set agent_id = excluded.agent_id, last_activity_at = excluded.last_activity_at`,
      session.conversationId,
      session.customerId,
      session.channelId,
      session.agentId,
      at,
      at,
    );
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(at + sessionIdleLimitMs);
  }

  end(conversationId: string): void {
    this.ctx.storage.sql.exec("delete from sessions where conversation_id = ?", conversationId);
  }

  /** Most recently active first; `after` is the last session of the previous page. */
  list(
    limit: number,
    after?: { lastActivityAt: number; conversationId: string },
  ): { sessions: ActiveSession[]; total: number } {
    const at = after?.lastActivityAt ?? Number.MAX_SAFE_INTEGER;
    const rows = this.ctx.storage.sql
      .exec<SessionRow>(
        `select * from sessions
         where last_activity_at < ? or (last_activity_at = ? and conversation_id > ?)
         order by last_activity_at desc, conversation_id limit ?`,
        at,
        at,
        after?.conversationId ?? "",
        limit,
      )
      .toArray();
    const total = this.ctx.storage.sql.exec<{ n: number }>("select count(*) as n from sessions").one().n;
    return { sessions: rows.map(toSession), total };
  }

  override async alarm(): Promise<void> {
    const cutoff = Date.now() - sessionIdleLimitMs;
    this.ctx.storage.sql.exec("delete from sessions where last_activity_at <= ?", cutoff);
    const oldest = this.ctx.storage.sql
      .exec<{ at: number | null }>("select min(last_activity_at) as at from sessions")
      .one().at;
    if (oldest !== null) await this.ctx.storage.setAlarm(oldest + sessionIdleLimitMs);
  }
}
