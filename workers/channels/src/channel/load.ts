import { createDb, schema } from "@frontdesk/db";
import { channelTypes } from "@frontdesk/db/schema";
import { decryptCredentials, ProblemError } from "@frontdesk/http";
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { ChannelsEnv } from "../env.ts";
import type { LoadedChannel } from "./types.ts";

const unknownChannel = () => new ProblemError("not-found", "No such channel.");

// A webhook is answered within milliseconds: the channel (credentials opened) is kept per isolate
// for a minute. A change through /v1/channels clears it here at once (`forgetChannel`).
const cache = new LRUCache<string, LoadedChannel | false>({ max: 5_000, ttl: 60_000 });

export function forgetChannel(channelId: string): void {
  cache.delete(channelId);
}

/**
 * The channel a webhook URL names, with its credentials opened. The URL's channel id is the only
 * tenant key a provider gives us: everything after this is scoped to that channel's organization.
 */
export async function loadChannel(
  env: ChannelsEnv,
  channelId: string,
  types: readonly string[],
): Promise<LoadedChannel> {
  if (!/^[0-9a-f-]{36}$/i.test(channelId)) throw unknownChannel();
  const cached = cache.get(channelId) ?? (await readChannel(env, channelId));
  cache.set(channelId, cached);
  if (!cached || !types.includes(cached.type)) throw unknownChannel();
  return cached;
}

/**
 * The channel when it is still there and active, else undefined (messages that arrived before it
 * was switched off or removed). Anything else, a database out of reach included, is thrown.
 */
export async function findChannel(env: ChannelsEnv, channelId: string): Promise<LoadedChannel | undefined> {
  try {
    return await loadChannel(env, channelId, channelTypes);
  } catch (error) {
    if (error instanceof ProblemError && error.kind === "not-found") return undefined;
    throw error;
  }
}

async function readChannel(env: ChannelsEnv, channelId: string): Promise<LoadedChannel | false> {
  const t = schema.channels;
  const [row] = await createDb(env)
    .select({
      id: t.id,
      organizationId: t.organizationId,
      name: t.name,
      type: t.type,
      config: t.config,
      isActive: t.isActive,
      credentialsCiphertext: t.credentialsCiphertext,
    })
    .from(t)
    .where(eq(t.id, channelId));
  if (!row?.isActive) return false;
  const credentials = row.credentialsCiphertext
    ? await decryptCredentials(
        row.credentialsCiphertext,
        env.FRONTDESK_ENCRYPTION_KEY,
        `${row.organizationId}:${row.id}`,
      )
    : {};
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    type: row.type,
    config: row.config,
    credentials,
  };
}

/** A credential the channel must have for this provider; its absence is the business's setup error. */
export function credential(channel: LoadedChannel, name: string): string {
  const value = channel.credentials[name];
  if (!value) throw new ProblemError("unauthenticated", `The channel has no ${name} configured.`);
  return value;
}
