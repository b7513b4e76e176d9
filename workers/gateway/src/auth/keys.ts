const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const keyPattern = /^(fdk_[A-Za-z0-9]{12})_([A-Za-z0-9]{32})$/;

function randomToken(length: number): string {
  // 62 does not divide 256: reject the top bytes so every character is equally likely.
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out.push(alphabet[byte % 62] ?? "");
    }
  }
  return out.join("");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

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

/** A web channel's publishable key: `fdp_<24 chars>`, meant to be embedded in the business's pages. */
export function generatePublishableKey(): string {
  return `fdp_${randomToken(24)}`;
}
