import { DurableObject } from "cloudflare:workers";
import type { ChatEnv } from "../env.ts";
import { nextSocketCheck, recheckSockets } from "../sockets/socket-access.ts";
import { socketHolder } from "../sockets/socket-attachment.ts";
import { sendQuietly } from "../sockets/socket-events.ts";
import type { InboxEvent } from "./inbox-events.ts";

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
 * `organization:{organizationId}:active_sessions` sorted set), and the live feed of the agent
 * workspace's inbox: every change to a conversation passes here once, so the staff sockets
 * connected here (hibernatable) hear of it. SQLite storage with an index on the activity time plays
 * the sorted set. One object per organization: it is touched once per message, which a single
 * object absorbs for all but the very largest tenants; those would shard by conversation id hash
 * and merge on read (not needed yet).
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

  /** A conversation changed: its place in the set follows its status, and the inbox hears of it. */
  async record(event: Extract<InboxEvent, { type: "conversation" }>): Promise<void> {
    const { conversation } = event;
    if (conversation.status === "closed") this.end(conversation.id);
    else
      await this.touch({
        conversationId: conversation.id,
        customerId: conversation.customerId,
        channelId: conversation.channelId,
        agentId: conversation.agentId,
      });
    this.publish(event);
  }

  /** Tells every inbox socket of the organization. */
  publish(event: InboxEvent): void {
    const payload = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets()) sendQuietly(socket, payload);
  }

  /** The inbox's live feed (WebSocket upgrades only); the route has checked the caller. */
  override async fetch(request: Request): Promise<Response> {
    const holder = socketHolder.safeParse(JSON.parse(request.headers.get("x-inbox-socket") ?? "null"));
    if (!holder.success) return new Response("missing attachment", { status: 400 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(holder.data);
    server.send(JSON.stringify({ type: "ready" } satisfies InboxEvent));
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** The feed is read-only: what a client sends is ignored (writes go through the API). */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, "closing");
  }

  /** The next due timer: the oldest session's idle limit or the sockets' credential check. */
  private async scheduleAlarm(): Promise<void> {
    const oldest = this.ctx.storage.sql
      .exec<{ at: number | null }>("select min(last_activity_at) as at from sessions")
      .one().at;
    const due = [
      oldest === null ? undefined : oldest + sessionIdleLimitMs,
      nextSocketCheck(this.ctx.getWebSockets()),
    ].filter((at): at is number => at !== undefined);
    if (due.length === 0) return this.ctx.storage.deleteAlarm();
    const next = Math.min(...due);
    const armed = await this.ctx.storage.getAlarm();
    if (armed === null || armed > next) await this.ctx.storage.setAlarm(next);
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
    // A feed socket lives only while its credential does (sign-out, deactivation, key revocation).
    await recheckSockets(this.env, this.ctx.getWebSockets());
    await this.scheduleAlarm();
  }
}
