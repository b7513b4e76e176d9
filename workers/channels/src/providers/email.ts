import { allowsPrivateUrls, hex } from "@frontdesk/http";
import EmailReplyParser from "email-reply-parser";
import PostalMime, { type Email } from "postal-mime";
import type { ChannelAdapter } from "../channel/adapter.ts";
import { providerCall } from "../channel/provider-call.ts";
import type { InboundMessage, LoadedChannel } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";
import { authenticateSender, domainOf } from "./email-authentication.ts";

/** What an inbound email is to the assistant: a customer's message, or mail no one should answer. */
export interface EmailFile {
  content: Uint8Array;
  type: string;
  filename: string | undefined;
}

export type ParsedEmail =
  | { kind: "message"; message: InboundMessage; files: EmailFile[] }
  | { kind: "automatic"; reason: string; messageId: string | undefined };

/** The most of an email's full text kept on the message (the assistant reads the new part only). */
const keptBodyChars = 50_000;
const contentChars = 8_000;

const headerOf = (email: Email, name: string) => email.headers.find((header) => header.key === name)?.value;

/**
 * Mail that must never start a turn or a reply (RFC 3834 and the conventions of mail servers):
 * auto-replies, bulk and list mail, bounces and delivery status notifications. Answering any of
 * them is how two robots end up mailing each other forever.
 */
export function automaticReason(email: Email, envelopeFrom: string): string | undefined {
  const autoSubmitted = headerOf(email, "auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerOf(email, "precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `Precedence: ${precedence}`;
  if (headerOf(email, "list-id")) return "List-Id";
  if (headerOf(email, "x-autoreply") || headerOf(email, "x-autorespond")) return "X-Autoreply";
  const suppress = headerOf(email, "x-auto-response-suppress")?.toLowerCase() ?? "";
  if (/\b(all|oof|autoreply)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (/multipart\/report/i.test(headerOf(email, "content-type") ?? "")) return "delivery status notification";
  const from = (mailboxOf(email.from) ?? envelopeFrom).toLowerCase();
  if (!envelopeFrom || envelopeFrom === "<>") return "empty envelope sender (a bounce)";
  if (/^(mailer-daemon|postmaster)@/.test(from)) return `sent by ${from}`;
  return undefined;
}

function mailboxOf(address: Email["from"]): string | undefined {
  if (!address) return undefined;
  return address.address ?? address.group?.[0]?.address;
}

/** The Message-IDs a header lists, in order (`<a@b> <c@d>`). */
export const messageIds = (value: string | undefined): string[] => value?.match(/<[^<>\s]+>/g) ?? [];

/** "Re: " once, however many the customer's client added. */
export const replySubject = (subject: string) => `Re: ${subject.replace(/^(\s*(re|aw|sv|antw)\s*:\s*)+/i, "")}`;

/** The new part of a reply: quoted history and signatures left out (kept whole on the message). */
export function visibleText(text: string): string {
  const visible = new EmailReplyParser().parseReply(text).trim();
  return visible || text.trim();
}

/** The text of an HTML-only email, as far as reading it goes. */
const textOfHtml = (html: string) =>
  html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\n{3,}/g, "\n\n");

/**
 * Where the assistant may answer: only an address the receiving server vouched for. A verified
 * sender's From (or a Reply-To on the very same domain: a team's shared inbox); an unverified
 * sender's address only when SPF authorised it as the envelope sender too; otherwise nowhere
 * (undefined: the reply is withheld and a person decides).
 */
function authenticatedReplyAddress(
  email: Email,
  from: string,
  auth: ReturnType<typeof authenticateSender>,
): string | undefined {
  if (!auth.fromVerified) return auth.spfMailFrom === from ? from : undefined;
  const replyTo = email.replyTo
    ?.map((address) => mailboxOf(address))
    .find(Boolean)
    ?.toLowerCase();
  return replyTo && domainOf(replyTo) === domainOf(from) ? replyTo : from;
}

/**
 * Reads an inbound email (the raw MIME Email Routing hands the worker): who sent it and whether
 * the receiving server vouches for that (`trustedAuthservIds`: the authserv-ids it writes in
 * Authentication-Results), the thread it belongs to, what the assistant should read, and where a
 * reply may go.
 */
export async function parseEmail(
  raw: ReadableStream | ArrayBuffer | string,
  envelopeFrom: string,
  trustedAuthservIds: readonly string[],
): Promise<ParsedEmail> {
  const email = await PostalMime.parse(raw, { maxNestingDepth: 50, attachmentEncoding: "arraybuffer" });
  const messageId = email.messageId?.trim() || undefined;
  const automatic = automaticReason(email, envelopeFrom);
  if (automatic) return { kind: "automatic", reason: automatic, messageId };
  const from = (mailboxOf(email.from) ?? envelopeFrom).toLowerCase();
  const auth = authenticateSender(
    email.headers.filter((header) => header.key === "authentication-results").map((header) => header.value),
    from,
    envelopeFrom,
    trustedAuthservIds,
  );
  const replyAddress = authenticatedReplyAddress(email, from, auth);
  const subject = email.subject?.trim() ?? "";
  const full = (email.text ?? (email.html ? textOfHtml(email.html) : "")).replace(/\r\n/g, "\n");
  const visible = visibleText(full) || subject || "(empty email)";
  // A message without a Message-ID (rare, broken clients) still gets a stable key from its content.
  const id = messageId ?? `<${await digest(`${from}\n${email.date ?? ""}\n${subject}\n${full}`)}@frontdesk.invalid>`;
  const answers = [...new Set([...messageIds(email.references), ...messageIds(email.inReplyTo)])].slice(-100);
  const name = email.from && "name" in email.from ? email.from.name || undefined : undefined;
  // Files the customer attached (pictures inline in an HTML body's layout are not theirs to send).
  const files = email.attachments
    .filter((file) => file.disposition !== "inline" || !file.related)
    .map((file) => ({
      content: typeof file.content === "string" ? new TextEncoder().encode(file.content) : new Uint8Array(file.content),
      type: file.mimeType,
      filename: file.filename ?? undefined,
    }));
  return {
    kind: "message",
    files,
    message: {
      externalId: id,
      sender: { id: from, email: from, verified: auth.fromVerified, ...(name ? { name } : {}) },
      content: visible.slice(0, contentChars),
      replyTo: replyAddress ?? from,
      ...(replyAddress ? {} : { replyWithheld: `The sender is not authenticated (${auth.reason}).` }),
      thread: { key: answers[0] ?? id, references: answers },
      envelope: { subject: replySubject(subject), inReplyTo: id, references: [...answers, id].slice(-20) },
      details: {
        email: {
          subject,
          messageId: id,
          from,
          authenticated: auth.fromVerified,
          ...(email.date ? { date: email.date } : {}),
          body: full.slice(0, keptBodyChars),
          ...(files.length > 1 ? { otherAttachments: files.slice(1).map((file) => file.filename ?? file.type) } : {}),
        },
      },
    },
  };
}

async function digest(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The HTML part of a reply: the text's paragraphs, escaped. */
export const htmlOf = (text: string) =>
  `<!doctype html><html><body>${text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("")}</body></html>`;

/** The email a reply (or a business email) is sent as: Cloudflare's send_email builder shape. */
export interface OutgoingEmail {
  from: { email: string; name: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments?: { filename: string; type: string; content: string; disposition: "attachment" }[];
}

/** The channel's sending address and display name (`config.fromAddress`/`fromName`, else its inbound address). */
export function senderOf(channel: LoadedChannel): { email: string; name: string } {
  const address = String(channel.config.fromAddress ?? channel.config.address ?? "");
  const name = String(channel.config.fromName ?? channel.name);
  return { email: address, name };
}

/**
 * Sends an email through the configured way: an HTTP email API when EMAIL_API_URL is set (a JSON
 * POST of the same fields with a bearer key; tests and `pnpm dev` point it at a local recorder),
 * otherwise Cloudflare's `send_email` binding. Answers the provider's message id.
 */
export async function deliverEmail(env: ChannelsEnv, email: OutgoingEmail): Promise<string> {
  if (env.EMAIL_API_URL) {
    const sent = await providerCall<{ id?: string; messageId?: string }>(
      env.EMAIL_API_URL,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(env.EMAIL_API_KEY ? { authorization: `Bearer ${env.EMAIL_API_KEY}` } : {}),
        },
        body: JSON.stringify(email),
      },
      allowsPrivateUrls(env),
    );
    const id = sent.messageId ?? sent.id;
    if (!id) throw new Error("the email API answered without a message id");
    return id;
  }
  const { messageId } = await env.SEND_EMAIL.send({ ...email, to: email.to });
  return messageId;
}

/**
 * Email: inbound mail arrives through Email Routing (`inbound/email.ts` reads it with `parseEmail`),
 * so the adapter sends only. The assistant's reply is threaded under the customer's message.
 */
export const email: ChannelAdapter = {
  provider: "email",
  async send(env, channel, to, text, envelope) {
    const references = envelope.references ?? [];
    return deliverEmail(env, {
      from: senderOf(channel),
      to,
      subject: envelope.subject || "Re: your message",
      text,
      html: htmlOf(text),
      headers: {
        ...(envelope.inReplyTo ? { "In-Reply-To": envelope.inReplyTo } : {}),
        ...(references.length > 0 ? { References: references.join(" ") } : {}),
        // RFC 3834: an automatic answer, which well-behaved servers never answer automatically.
        "Auto-Submitted": "auto-replied",
        // Asks Exchange and Outlook not to answer an assistant's mail with an out-of-office.
        "X-Auto-Response-Suppress": "All",
      },
    });
  },
};
