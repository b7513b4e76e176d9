import { constantTimeEqual, hmacSha256Hex } from "@frontdesk/http";
import type { ChannelsEnv } from "../env.ts";

/** How long a signed link to an attachment works. */
export const signedUrlSeconds = 300;

const signature = (env: ChannelsEnv, key: string, expires: number) =>
  hmacSha256Hex(`attachment-url:${env.FRONTDESK_ENCRYPTION_KEY}`, `${key}\n${expires}`);

/** A link to the attachment that works for five minutes, for an `<img>` or a download, without credentials. */
export async function signedPath(
  env: ChannelsEnv,
  key: string,
  now = Date.now(),
): Promise<{ path: string; expiresAt: string }> {
  const expires = Math.floor(now / 1000) + signedUrlSeconds;
  return {
    path: `/media/${key}?expires=${expires}&signature=${await signature(env, key, expires)}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/** Whether a signed link is genuine and not yet expired. */
export async function verifySignedPath(
  env: ChannelsEnv,
  key: string,
  expires: string | undefined,
  given: string | undefined,
  now = Date.now(),
): Promise<boolean> {
  const at = Number(expires);
  if (!Number.isInteger(at) || at * 1000 < now || !given) return false;
  return constantTimeEqual(given, await signature(env, key, at));
}
