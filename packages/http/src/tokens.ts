const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` random alphanumeric characters (about 5.95 bits each). */
export function randomToken(length: number): string {
  // 62 does not divide 256: reject the top bytes so every character is equally likely.
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out.push(alphabet[byte % 62] ?? "");
    }
  }
  return out.join("");
}

/** How bearer secrets (API keys, feed tokens) are stored: a fast hash is right for long random secrets. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A web channel's publishable key: `fdp_<24 chars>`, meant to be embedded in the business's pages. */
export function generatePublishableKey(): string {
  return `fdp_${randomToken(24)}`;
}
