// Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` and `webhook-signature`
// headers; the signature is HMAC-SHA256 over `<id>.<timestamp>.<body>` keyed by the secret's bytes.
import { constantTimeEqual } from "@frontdesk/http";

const secretPrefix = "whsec_";

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** A new signing secret (`whsec_` + 24 random bytes in base64), shown to the organization once. */
export function newSigningSecret(): string {
  return `${secretPrefix}${toBase64(crypto.getRandomValues(new Uint8Array(24)))}`;
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret);
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The three Standard Webhooks headers for one delivery attempt of `body`. */
export async function signedHeaders(
  secret: string,
  messageId: string,
  body: string,
  at: Date = new Date(),
): Promise<Record<string, string>> {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const signature = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    new TextEncoder().encode(`${messageId}.${timestamp}.${body}`),
  );
  return {
    "webhook-id": messageId,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${toBase64(new Uint8Array(signature))}`,
  };
}

/** How far a `webhook-timestamp` may be from our clock, either way. */
export const timestampToleranceSeconds = 5 * 60;

/**
 * Verifies a Standard Webhooks delivery over its raw body: the timestamp within tolerance, and one
 * of the `v1,` signatures (several during a key rotation) matching, compared in constant time.
 */
export async function verifyStandardWebhook(
  secret: string,
  headers: Headers,
  rawBody: string,
  now: Date = new Date(),
): Promise<{ ok: true; messageId: string } | { ok: false; reason: string }> {
  const messageId = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!messageId || !timestamp || !signatures) return { ok: false, reason: "missing webhook-* headers" };
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > timestampToleranceSeconds) {
    return { ok: false, reason: "timestamp outside the tolerance window" };
  }
  const expected = (await signedHeaders(secret, messageId, rawBody, new Date(seconds * 1000)))["webhook-signature"];
  const matches = signatures
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .some((entry) => constantTimeEqual(entry, expected ?? ""));
  return matches ? { ok: true, messageId } : { ok: false, reason: "no matching signature" };
}
