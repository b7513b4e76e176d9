import { randomToken, sha256Hex } from "@frontdesk/http/tokens";

const keyPattern = /^(fdk_[A-Za-z0-9]{12})_([A-Za-z0-9]{32})$/;

export interface NewApiKey {
  /** The whole key, shown to the caller once. */
  key: string;
  /** The public, recognisable part: stored and shown in lists. */
  prefix: string;
  /** SHA-256 of the whole key: the only trace of the secret that is stored. */
  hash: string;
}

/**
 * An organization API key: `fdk_<12 chars>_<32 chars>` (about 190 bits of secret). A fast hash is
 * right here, unlike passwords: the secret is random and long, so it cannot be guessed offline.
 */
export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = `fdk_${randomToken(12)}`;
  const key = `${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: await sha256Hex(key) };
}

/** Splits a presented key into its prefix; undefined when it is not shaped like one of ours. */
export function keyPrefix(presented: string): string | undefined {
  return keyPattern.exec(presented)?.[1];
}
