import { DurableObject } from "cloudflare:workers";
import type { InboundMessage, Provider, QueuedMessage } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { queueSenders } from "./queue-senders.ts";

/** How long a claimed message may wait for the consumer before the inbox queues its sender again. */
export const requeueAfterMs = 60_000;
/**
 * How long a provider's message id is remembered once its message was handed on, so a redelivery
 * is still told "duplicate" here (Meta retries for up to 7 days; Postgres' unique key is the backstop).
 */
const rememberForMs = 7 * 24 * 60 * 60_000;

/** A message claimed here and not yet written to Postgres as a receipt (its payload a `QueuedMessage` as JSON). */
export interface WaitingClaim {
  eventId: string;
  organizationId: string;
  payload: string;
}

/**
 * One channel's inbox: the exactly-once claim of every provider message, in arrival order, kept in
 * the object's own SQLite storage so a webhook is acknowledged without a round trip to Postgres.
 * The queue's consumer takes a sender's waiting claims, writes them as receipts and marks them
 * handed. A claim whose queue message was lost is queued again by the object's alarm.
 */
export class ChannelInbox extends DurableObject<ChannelsEnv> {
  /** What this instance already wrote or saw, so a claim spends no storage call on it again. */
  private channelIdStored = false;
  private alarmSet = false;

  constructor(ctx: DurableObjectState, env: ChannelsEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(`create table if not exists claims (
      sequence integer primary key autoincrement,
      event_id text not null unique,
      sender_id text not null,
      organization_id text not null,
      payload text,
      claimed_at integer not null)`);
  }

  /** Claims each message once; a message id seen before (even long handed on) is a duplicate. */
  async claim(
    channelId: string,
    organizationId: string,
    provider: Provider,
    messages: InboundMessage[],
  ): Promise<{ accepted: string[]; duplicates: number }> {
    if (!this.channelIdStored) {
      this.ctx.storage.kv.put("channelId", channelId);
      this.channelIdStored = true;
    }
    const accepted = new Set<string>();
    let duplicates = 0;
    const now = Date.now();
    for (const message of messages) {
      const payload: QueuedMessage = { provider, message };
      const claimed = this.ctx.storage.sql
        .exec(
          `insert into claims (event_id, sender_id, organization_id, payload, claimed_at) values (?, ?, ?, ?, ?)
           on conflict (event_id) do nothing returning sequence`,
          `message:${message.externalId}`,
          message.sender.id,
          organizationId,
          JSON.stringify(payload),
          now,
        )
        .toArray();
      if (claimed.length > 0) accepted.add(message.sender.id);
      else duplicates++;
    }
    if (accepted.size > 0 && !this.alarmSet) {
      // The alarm may be the far purge: a waiting claim needs it within a minute.
      const alarm = await this.ctx.storage.getAlarm();
      if (alarm === null || alarm > now + requeueAfterMs) await this.ctx.storage.setAlarm(now + requeueAfterMs);
      this.alarmSet = true;
    }
    return { accepted: [...accepted], duplicates };
  }

  /** The sender's claims not yet handed on, oldest first. */
  waiting(senderId: string): WaitingClaim[] {
    return this.ctx.storage.sql
      .exec<{ event_id: string; organization_id: string; payload: string }>(
        "select event_id, organization_id, payload from claims where sender_id = ? and payload is not null order by sequence",
        senderId,
      )
      .toArray()
      .map((row) => ({ eventId: row.event_id, organizationId: row.organization_id, payload: row.payload }));
  }

  /** These claims are receipts in Postgres now: only their ids stay, to recognise redeliveries. */
  handed(eventIds: string[]): void {
    for (const eventId of eventIds) {
      this.ctx.storage.sql.exec("update claims set payload = null where event_id = ?", eventId);
    }
  }

  /** Senders with a claim waiting longer than a consumer should take: their queue message was lost. */
  overdueSenders(now = Date.now()): string[] {
    return this.ctx.storage.sql
      .exec<{ sender_id: string }>(
        "select distinct sender_id from claims where payload is not null and claimed_at <= ?",
        now - requeueAfterMs,
      )
      .toArray()
      .map((row) => row.sender_id);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    const sql = this.ctx.storage.sql;
    sql.exec("delete from claims where payload is null and claimed_at < ?", now - rememberForMs);
    const channelId = this.ctx.storage.kv.get<string>("channelId");
    const overdue = this.overdueSenders(now);
    if (channelId && overdue.length > 0) {
      await queueSenders(
        this.env,
        overdue.map((senderId) => ({ channelId, senderId })),
      );
    }
    const [left] = sql
      .exec<{ waiting: number; oldest: number | null }>(
        "select count(payload) as waiting, min(claimed_at) as oldest from claims",
      )
      .toArray();
    // Every claim waits for its alarm: one set now covers them; with none waiting, the next is the purge.
    this.alarmSet = Boolean(left?.waiting);
    if (left?.waiting) await this.ctx.storage.setAlarm(now + requeueAfterMs);
    else if (left?.oldest) await this.ctx.storage.setAlarm(left.oldest + rememberForMs);
  }
}

/** The inbox of a channel (one object per channel id). */
export const inboxOf = (env: ChannelsEnv, channelId: string) =>
  env.CHANNEL_INBOX.get(env.CHANNEL_INBOX.idFromName(channelId));
