const version = "v1";

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

async function importKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64(secret);
  if (raw.byteLength !== 32) throw new Error("FRONTDESK_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/**
 * Encrypts channel credentials with AES-256-GCM. `context` (the organization and channel ids) is
 * bound as additional data, so a ciphertext copied onto another row does not decrypt.
 */
export async function encryptCredentials(
  credentials: Record<string, string>,
  secret: string,
  context: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await importKey(secret),
    new TextEncoder().encode(JSON.stringify(credentials)),
  );
  return `${version}.${toBase64(iv)}.${toBase64(new Uint8Array(ciphertext))}`;
}

export async function decryptCredentials(
  sealed: string,
  secret: string,
  context: string,
): Promise<Record<string, string>> {
  const [tag, iv, data] = sealed.split(".");
  if (tag !== version || !iv || !data) throw new Error("unknown credentials format");
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(iv), additionalData: new TextEncoder().encode(context) },
    await importKey(secret),
    fromBase64(data),
  );
  return JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, string>;
}
