const encoder = new TextEncoder();

/** HMAC of `data` under `key` (both text), as bytes. */
export async function hmac(hash: "SHA-1" | "SHA-256", key: string, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
}

export const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Hex HMAC-SHA256, the form Meta's signatures and web chat identity hashes take. */
export const hmacSha256Hex = async (key: string, data: string): Promise<string> =>
  hex(await hmac("SHA-256", key, data));
