import { readWebChannelConfig, type WebChannelConfig } from "@frontdesk/contracts/web-channel";
import { createDb, schema } from "@frontdesk/db";
import { and, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { ChatEnv } from "../env.ts";

export interface WebChannel {
  id: string;
  name: string;
  isActive: boolean;
  config: WebChannelConfig;
}

// A visitor's every message needs its channel's rules: held a minute per isolate (the channels
// worker owns the table; a change reaches here within that minute).
const cache = new LRUCache<string, WebChannel | false>({ max: 5_000, ttl: 60_000 });

/** The organization's web channel with its parsed config; undefined for any other channel. */
export async function loadWebChannel(
  env: ChatEnv,
  organizationId: string,
  channelId: string,
): Promise<WebChannel | undefined> {
  const key = `${organizationId}:${channelId}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached || undefined;
  const t = schema.channels;
  const [row] = await createDb(env)
    .select({ id: t.id, name: t.name, type: t.type, isActive: t.isActive, config: t.config })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), eq(t.id, channelId)));
  const channel =
    row?.type === "web"
      ? { id: row.id, name: row.name, isActive: row.isActive, config: readWebChannelConfig(row.config) }
      : undefined;
  cache.set(key, channel ?? false);
  return channel;
}
