import { readWebChannelConfig, type WebChannelConfig } from "@frontdesk/contracts/web-channel";
import { createDb, schema } from "@frontdesk/db";
import { decryptCredentials } from "@frontdesk/http";
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { GatewayEnv } from "../env.ts";

export interface PublicChannel {
  organizationId: string;
  channelId: string;
  name: string;
  allowedOrigins: string[];
  isActive: boolean;
  config: WebChannelConfig;
  /** The channel's sealed credentials (its identity secret), opened only to check a userHash. */
  sealedCredentials: string | null;
}

// Bounded, misses included (`false`), so made-up keys cost no database work after the first.
const cache = new LRUCache<string, PublicChannel | false>({ max: 10_000, ttl: 60_000 });

/** After a channel changed (through the channels worker): this isolate reads keys afresh. */
export function forgetPublishableKeys(): void {
  cache.clear();
}

/**
 * The web channel behind a publishable key, cached per isolate for a minute (misses too). The
 * channels worker owns the table; the gateway only reads the key and origins to authenticate.
 */
export async function resolvePublicChannel(env: GatewayEnv, key: string): Promise<PublicChannel | undefined> {
  const cached = cache.get(key);
  if (cached !== undefined) return cached || undefined;
  const [row] = await createDb(env).select().from(schema.channels).where(eq(schema.channels.publishableKey, key));
  const channel = row
    ? {
        organizationId: row.organizationId,
        channelId: row.id,
        name: row.name,
        allowedOrigins: row.allowedOrigins,
        isActive: row.isActive && row.type === "web",
        config: readWebChannelConfig(row.config),
        sealedCredentials: row.credentialsCiphertext,
      }
    : undefined;
  cache.set(key, channel ?? false);
  return channel;
}

/** The secret a web channel checks userHash values with, if it has one. */
export async function identitySecretOf(env: GatewayEnv, channel: PublicChannel): Promise<string | undefined> {
  if (!channel.sealedCredentials) return undefined;
  const credentials = await decryptCredentials(
    channel.sealedCredentials,
    env.FRONTDESK_ENCRYPTION_KEY,
    `${channel.organizationId}:${channel.channelId}`,
  );
  return credentials.identitySecret;
}
