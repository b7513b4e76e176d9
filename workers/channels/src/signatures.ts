import { constantTimeEqual, hmac, hmacSha256Hex, sha256Hex } from "@frontdesk/http";

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** Meta (WhatsApp Cloud API): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export async function verifyMetaSignature(
  appSecret: string,
  header: string | undefined,
  rawBody: string,
): Promise<boolean> {
  if (!header?.startsWith("sha256=")) return false;
  return constantTimeEqual(header, `sha256=${await hmacSha256Hex(appSecret, rawBody)}`);
}

/** The URL variants Twilio's own validator accepts: as is, without the port, with the scheme's default port. */
function twilioUrlVariants(url: string): string[] {
  const parsed = new URL(url);
  const withoutPort = new URL(url);
  withoutPort.port = "";
  const withPort = new URL(url);
  const defaultPort = parsed.protocol === "https:" ? "443" : "80";
  const variants = [url, withoutPort.toString()];
  // URL drops a default port on assignment, so the explicit form is spliced in by hand.
  if (!parsed.port) variants.push(withPort.toString().replace(parsed.host, `${parsed.hostname}:${defaultPort}`));
  return [...new Set(variants)];
}

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 (auth token) of the URL Twilio called, followed by
 * every POST parameter's name and value sorted by name. JSON bodies instead carry `bodySHA256` in
 * the URL, which must match the body, and the signature covers the URL alone.
 */
export async function verifyTwilioSignature(
  authToken: string,
  header: string | undefined,
  url: string,
  rawBody: string,
  contentType: string,
): Promise<boolean> {
  if (!header) return false;
  const isForm = contentType.includes("application/x-www-form-urlencoded");
  let signed = "";
  if (isForm) {
    const params = [...new URLSearchParams(rawBody)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    signed = params.map(([name, value]) => `${name}${value}`).join("");
  } else {
    const bodyHash = new URL(url).searchParams.get("bodySHA256");
    if (!bodyHash || !constantTimeEqual(bodyHash, await sha256Hex(rawBody))) return false;
  }
  for (const variant of twilioUrlVariants(url)) {
    if (constantTimeEqual(header, base64(await hmac("SHA-1", authToken, `${variant}${signed}`)))) return true;
  }
  return false;
}
