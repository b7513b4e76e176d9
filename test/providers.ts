// Provider payloads and signatures as WhatsApp (Meta) sends them, for tests and benchmarks.

/** A WhatsApp Cloud API delivery of one text message. Meta escapes non-ASCII as \uXXXX in the raw body. */
export const whatsappDelivery = (id: string, from: string, text: string, name = "Zoë") =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: "1098765" },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, id, timestamp: "1790000000", type: "text", text: { body: text } }],
            },
          },
        ],
      },
    ],
  }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** `X-Hub-Signature-256`: HMAC-SHA256 of the raw bytes with the app secret, hex (Web Crypto, so it runs anywhere). */
export async function metaSignature(appSecret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Who a recorded WhatsApp send went to. */
export function whatsappRecipient(body: string): string | undefined {
  const parsed: unknown = JSON.parse(body || "{}");
  return typeof parsed === "object" && parsed !== null && "to" in parsed && typeof parsed.to === "string"
    ? parsed.to
    : undefined;
}

/** `X-Twilio-Signature`: the URL, then each parameter's name and value sorted by name; HMAC-SHA1 with the auth token; base64. */
export async function twilioSignature(authToken: string, signedUrl: string, params: Record<string, string>) {
  const encoder = new TextEncoder();
  const signed =
    signedUrl +
    Object.keys(params)
      .sort()
      .map((name) => `${name}${params[name]}`)
      .join("");
  const key = await crypto.subtle.importKey("raw", encoder.encode(authToken), { name: "HMAC", hash: "SHA-1" }, false, [
    "sign",
  ]);
  return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signed)))));
}
