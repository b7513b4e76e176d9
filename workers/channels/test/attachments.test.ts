import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { metaSignature, twilioSignature } from "../../../test/providers.ts";
import { db, rawEmail, routeEmail, runConsumer, tenantWithChannel, webhook } from "./support.ts";

const receiver = inject("webhookReceiverUrl");
const MiB = 1024 * 1024;

interface ApiMessage {
  role: string;
  type: string;
  content: string;
  media: { url: string; type: string | null } | null;
  metadata: {
    attachment?: { kind: string; type: string; size: number; filename: string | null; error: string | null };
  };
}

type Tenant = Awaited<ReturnType<typeof tenantWithChannel>>;

/** The conversation's messages through the chat API, oldest first. */
async function transcript(tenant: Tenant, externalId: string): Promise<{ messages: ApiMessage[]; status: string }> {
  const rows = await db().execute<{ conversation_id: string; status: string }>(sql`
    select m.conversation_id, c.status from messages m join conversations c on c.id = m.conversation_id
    where m.channel_id = ${tenant.channelId} and m.external_message_id = ${externalId}`);
  const row = rows.rows[0];
  if (!row) throw new Error(`no message ${externalId}`);
  const response = await tenant.chatApi(`/v1/conversations/${row.conversation_id}/messages?limit=50`);
  const { data } = await response.json<{ data: ApiMessage[] }>();
  return { messages: data.reverse(), status: row.status };
}

/** Opens an attachment as staff do: the API signs a link, the link serves the file without credentials. */
async function openAttachment(tenant: Tenant, path: string) {
  const signed = await tenant.manage(path, "GET", undefined, { accept: "application/json" });
  expect(signed.status).toBe(200);
  const { url: location, expiresAt } = await signed.json<{ url: string; expiresAt: string }>();
  expect(location).toMatch(
    /^\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/[0-9a-f-]{36}\?expires=\d+&signature=[0-9a-f]{64}$/,
  );
  expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
  // Without asking for JSON (an <img>), the API answers with the redirect, which leads to the file.
  const followed = await tenant.manage(path, "GET");
  expect(followed.headers.get("content-type")).not.toContain("json");
  return { location, file: await exports.default.fetch(`https://api.frontdesk.test${location}`) };
}

const whatsapp = async () => {
  const tenant = await tenantWithChannel({
    type: "whatsapp",
    name: "WhatsApp",
    config: { phoneNumberId: `55${Math.floor(Math.random() * 1e8)}` },
    credentials: { appSecret: "meta-secret", verifyToken: "v", accessToken: "EAAG" },
  });
  const send = async (waId: string, message: Record<string, unknown>) => {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "WABA",
          changes: [{ field: "messages", value: { messages: [{ from: waId, timestamp: "1", ...message }] } }],
        },
      ],
    });
    const response = await webhook(`/whatsapp/${tenant.channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": await metaSignature("meta-secret", body) },
      body,
    });
    expect(response.status).toBe(200);
    await runConsumer([{ channelId: tenant.channelId, senderId: waId }]);
  };
  return { tenant, send };
};

describe("attachments", () => {
  it("WhatsApp: a captioned photo is stored in R2, answered with a plain word about it, and served to staff through a signed link", async () => {
    const { tenant, send } = await whatsapp();
    const id = `wamid.p${crypto.randomUUID()}`;
    await send("447700900100", {
      id,
      type: "image",
      image: { id: "png-2048", mime_type: "image/png", caption: "What are your opening hours?" },
    });
    const { messages } = await transcript(tenant, id);
    const [photo, reply] = messages;
    expect(photo).toMatchObject({ role: "customer", type: "image", content: "What are your opening hours?" });
    expect(photo?.media).toEqual({ url: expect.stringMatching(/^\/v1\/attachments\//), type: "image/png" });
    expect(reply?.content).toMatch(/open/i);
    expect(reply?.content).toContain("I can't open pictures myself");

    const { location, file } = await openAttachment(tenant, photo?.media?.url ?? "");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-security-policy")).toContain("sandbox");
    expect((await file.arrayBuffer()).byteLength).toBe(2048);
    // A tampered or expired link, or another tenant asking, gets nothing.
    // One hex digit changed, whatever it was (a fixed "0" left one signature in 16 untouched).
    const tampered = location.replace(/signature=(.)/, (_, digit: string) => `signature=${digit === "0" ? "1" : "0"}`);
    expect((await exports.default.fetch(`https://api.frontdesk.test${tampered}`)).status).toBe(403);
    const expired = location.replace(/expires=\d+/, "expires=1000");
    expect((await exports.default.fetch(`https://api.frontdesk.test${expired}`)).status).toBe(403);
    const stranger = await tenantWithChannel({ type: "web", name: "Web" });
    expect(
      (await stranger.manage(photo?.media?.url ?? "", "GET", undefined, { accept: "application/json" })).status,
    ).toBe(404);
  });

  it("WhatsApp: a document alone is sniffed for what it really is and handed to a person; one over the limit is refused plainly", async () => {
    const { tenant, send } = await whatsapp();
    const disguised = `wamid.d${crypto.randomUUID()}`;
    await send("447700900101", {
      id: disguised,
      type: "document",
      document: { id: "exe-4096", mime_type: "application/pdf", filename: "invoice.pdf" },
    });
    const first = await transcript(tenant, disguised);
    expect(first.messages[0]).toMatchObject({
      type: "document",
      content: "",
      media: { type: "application/x-msdownload" },
    });
    expect(first.messages[0]?.metadata.attachment).toEqual({
      kind: "document",
      type: "application/x-msdownload",
      size: 4096,
      filename: "invoice.pdf",
      error: null,
    });
    expect(first.messages[1]?.content).toBe(
      "I can't open documents myself, so a colleague will look at it. I've passed your message to a colleague who will get back to you.",
    );
    expect(first.status).toBe("waiting");

    // The largest that is kept: 15 MiB (the limit is 16 MiB).
    const large = `wamid.l${crypto.randomUUID()}`;
    await send("447700900102", {
      id: large,
      type: "document",
      document: { id: `pdf-${15 * MiB}`, filename: "manual.pdf" },
    });
    const kept = (await transcript(tenant, large)).messages[0];
    expect(kept?.media?.type).toBe("application/pdf");
    const { file } = await openAttachment(tenant, kept?.media?.url ?? "");
    expect((await file.arrayBuffer()).byteLength).toBe(15 * MiB);

    const tooLarge = `wamid.t${crypto.randomUUID()}`;
    await send("447700900103", {
      id: tooLarge,
      type: "video",
      video: { id: `mp4-${17 * MiB}`, mime_type: "video/mp4" },
    });
    const refused = await transcript(tenant, tooLarge);
    expect(refused.messages[0]).toMatchObject({ type: "video", media: null });
    expect(refused.messages[0]?.metadata.attachment?.error).toBe("too-large");
    expect(refused.messages[1]?.content).toContain("too large for me to receive");
    expect(refused.status).toBe("waiting");
  });

  it("Twilio MMS, Telegram photos and email attachments are stored and served the same way", async () => {
    // Twilio: MediaUrl0, read with the account's Basic auth.
    const sms = await tenantWithChannel({
      type: "sms",
      name: "SMS",
      config: { accountSid: "AC9", from: "+15550001234" },
      credentials: { authToken: "twilio-token" },
    });
    const sid = `MM${crypto.randomUUID().replaceAll("-", "")}`;
    const params = {
      MessageSid: sid,
      AccountSid: "AC9",
      From: "+447700900200",
      To: "+15550001234",
      Body: "",
      NumMedia: "1",
      MediaUrl0: `${receiver}/media-file/jpg-3000`,
      MediaContentType0: "image/jpeg",
    };
    const url = `https://api.frontdesk.test/webhooks/twilio/${sms.channelId}`;
    await webhook(`/twilio/${sms.channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature("twilio-token", url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    await runConsumer([{ channelId: sms.channelId, senderId: "+447700900200" }]);
    const mms = (await transcript(sms, sid)).messages[0];
    expect(mms).toMatchObject({ type: "image", media: { type: "image/jpeg" } });
    expect((await (await openAttachment(sms, mms?.media?.url ?? "")).file.arrayBuffer()).byteLength).toBe(3000);

    // Telegram: the largest size of a photo, through getFile.
    const telegram = await tenantWithChannel({
      type: "telegram",
      name: "Telegram",
      credentials: { botToken: "42:XYZ", secretToken: "tg" },
    });
    const chatId = 7_200_000_000 + Math.floor(Math.random() * 1e6);
    await webhook(`/telegram/${telegram.channelId}`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": "tg", "content-type": "application/json" },
      body: JSON.stringify({
        update_id: chatId,
        message: {
          message_id: 3,
          from: { id: chatId, first_name: "Max" },
          chat: { id: chatId, type: "private" },
          caption: "Can you fix this?",
          photo: [
            { file_id: "jpg-900", file_size: 900 },
            { file_id: "jpg-5000", file_size: 5000 },
          ],
        },
      }),
    });
    await runConsumer([{ channelId: telegram.channelId, senderId: String(chatId) }]);
    const photo = (await transcript(telegram, `${chatId}:3`)).messages[0];
    expect(photo).toMatchObject({ type: "image", content: "Can you fix this?", media: { type: "image/jpeg" } });
    expect((await (await openAttachment(telegram, photo?.media?.url ?? "")).file.arrayBuffer()).byteLength).toBe(5000);

    // Email: a PDF in the MIME message, read on arrival.
    const address = `files-${crypto.randomUUID().slice(0, 8)}@northwind.test`;
    const mail = await tenantWithChannel({ type: "email", name: "Support", config: { address } });
    const pdf = new Uint8Array(2 * MiB);
    pdf.set(new TextEncoder().encode("%PDF-1.7\n"));
    const base64 = btoa(Array.from(pdf, (byte) => String.fromCharCode(byte)).join("")).replace(/.{76}/g, "$&\r\n");
    const messageId = `<pdf.${crypto.randomUUID()}@example.com>`;
    const raw = rawEmail({
      from: "ola@example.com",
      to: address,
      subject: "Receipt",
      messageId,
      contentType: 'multipart/mixed; boundary="part"',
      body: `--part\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere is my receipt, can you check the warranty?\r\n--part\r\nContent-Type: application/pdf; name="receipt.pdf"\r\nContent-Disposition: attachment; filename="receipt.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}\r\n--part--`,
    });
    expect((await routeEmail(raw, { from: "ola@example.com", to: address })).rejected).toBeUndefined();
    await runConsumer([{ channelId: mail.channelId, senderId: "ola@example.com" }]);
    const emailed = (await transcript(mail, messageId)).messages[0];
    expect(emailed).toMatchObject({
      type: "document",
      content: "Here is my receipt, can you check the warranty?",
      media: { type: "application/pdf" },
    });
    expect(emailed?.metadata.attachment?.filename).toBe("receipt.pdf");
    const { file } = await openAttachment(mail, emailed?.media?.url ?? "");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    expect(await env.ATTACHMENTS.list({ prefix: `${mail.organizationId}/` })).toMatchObject({
      objects: [expect.objectContaining({ size: 2 * MiB })],
    });
  });
});
