import { constantTimeEqual, createApi, ProblemError } from "@frontdesk/http";
import { verifyStandardWebhook } from "@frontdesk/webhooks";
import type { ChannelsEnv } from "./env.ts";
import { acceptMessages } from "./inbound/accept.ts";
import { credential, loadChannel } from "./inbound/load-channel.ts";
import { drainSender } from "./inbound/process.ts";
import { recordReactions, recordStatuses } from "./inbound/statuses.ts";
import { parseStandard } from "./providers/standard.ts";
import { parseTelegram } from "./providers/telegram.ts";
import { parseTwilio } from "./providers/twilio.ts";
import { parseWhatsApp } from "./providers/whatsapp.ts";
import { verifyMetaSignature, verifyTwilioSignature } from "./signatures.ts";

type App = { Bindings: ChannelsEnv };

const forged = (detail: string) => new ProblemError("unauthenticated", detail);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ProblemError("malformed-json", "The delivery is not valid JSON.");
  }
}

/**
 * Provider webhooks. Each handler verifies the signature over the raw bytes before anything is
 * parsed or written: a forged, tampered or stale delivery gets 401 and leaves no trace. A verified
 * message is claimed and queued, and the provider gets its 200 at once: the turn and the reply
 * run in the queue's consumer, so a slow model never makes Meta or Twilio deliver again.
 */
export const webhooks = createApi<App>({ bodyRules: () => ({ maxBytes: 4 * 1024 * 1024, anyMediaType: true }) })
  // WhatsApp's subscription handshake: echo the challenge when the verify token matches.
  .get("/whatsapp/:channelId", async (c) => {
    const channel = await loadChannel(c.env, c.req.param("channelId"), ["whatsapp"]);
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token") ?? "";
    if (mode !== "subscribe" || !constantTimeEqual(token, credential(channel, "verifyToken"))) {
      throw new ProblemError("forbidden", "The verify token does not match.");
    }
    return c.text(c.req.query("hub.challenge") ?? "", 200);
  })
  .post("/whatsapp/:channelId", async (c) => {
    const channel = await loadChannel(c.env, c.req.param("channelId"), ["whatsapp"]);
    const raw = await c.req.text();
    if (!(await verifyMetaSignature(credential(channel, "appSecret"), c.req.header("x-hub-signature-256"), raw))) {
      throw forged("X-Hub-Signature-256 does not match the body.");
    }
    const delivery = parseWhatsApp(parseJson(raw));
    if (!delivery) throw new ProblemError("validation-failed", "Not a WhatsApp Cloud API delivery.");
    const { accepted, duplicates } = await acceptMessages(
      c.env,
      c.executionCtx,
      channel,
      "whatsapp",
      delivery.messages,
    );
    await recordStatuses(c.env, channel, delivery.statuses);
    await recordReactions(c.env, channel, delivery.reactions);
    return c.json(
      {
        received: delivery.messages.length - duplicates,
        statuses: delivery.statuses.length,
        reactions: delivery.reactions.length,
        senders: accepted.length,
      },
      200,
    );
  })
  .post("/twilio/:channelId", async (c) => {
    const channel = await loadChannel(c.env, c.req.param("channelId"), ["sms", "whatsapp"]);
    const raw = await c.req.text();
    const contentType = c.req.header("content-type") ?? "";
    const authToken = credential(channel, "authToken");
    const signature = c.req.header("x-twilio-signature");
    // Behind a proxy the public URL Twilio signed may differ from ours: the channel can name it.
    const publicUrl = typeof channel.config.webhookUrl === "string" ? channel.config.webhookUrl : undefined;
    const urls = [c.req.url, ...(publicUrl ? [`${publicUrl}${new URL(c.req.url).search}`] : [])];
    let valid = false;
    for (const url of urls) valid ||= await verifyTwilioSignature(authToken, signature, url, raw, contentType);
    if (!valid) throw forged("X-Twilio-Signature does not match the request.");
    const { message, status } = parseTwilio(new URLSearchParams(raw));
    if (message) await acceptMessages(c.env, c.executionCtx, channel, "twilio", [message]);
    if (status) await recordStatuses(c.env, channel, [status]);
    // The reply goes out through the API, so the TwiML answer is empty.
    return c.body('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', 200, { "content-type": "text/xml" });
  })
  .post("/telegram/:channelId", async (c) => {
    const channel = await loadChannel(c.env, c.req.param("channelId"), ["telegram"]);
    const token = c.req.header("x-telegram-bot-api-secret-token") ?? "";
    if (!constantTimeEqual(token, credential(channel, "secretToken"))) {
      throw forged("X-Telegram-Bot-Api-Secret-Token does not match.");
    }
    const update = parseTelegram(parseJson(await c.req.text()));
    if (!update) throw new ProblemError("validation-failed", "Not a Telegram update.");
    const { duplicates } = update.message
      ? await acceptMessages(c.env, c.executionCtx, channel, "telegram", [update.message])
      : { duplicates: 0 };
    if (update.reaction) await recordReactions(c.env, channel, [update.reaction]);
    return c.json({ duplicate: duplicates > 0 }, 200);
  })
  // A business's own bridge: its contract is request and response, so the turn runs before the
  // answer, through the same claim, turn and outbox as the queued providers.
  .post("/standard/:channelId", async (c) => {
    const channel = await loadChannel(c.env, c.req.param("channelId"), [
      "api",
      "web",
      "email",
      "sms",
      "whatsapp",
      "telegram",
    ]);
    const raw = await c.req.text();
    const verified = await verifyStandardWebhook(credential(channel, "signingSecret"), c.req.raw.headers, raw);
    if (!verified.ok) throw forged(`Standard Webhooks signature refused: ${verified.reason}.`);
    const message = parseStandard(parseJson(raw));
    if (!message) throw new ProblemError("validation-failed", 'Expected a "message.received" event.');
    const { duplicates } = await acceptMessages(c.env, c.executionCtx, channel, "standard", [message]);
    if (duplicates > 0) return c.json({ duplicate: true }, 200);
    const processed = await drainSender(c.env, { channelId: channel.id, senderId: message.sender.id });
    const mine = processed.at(-1);
    return c.json(
      {
        duplicate: false,
        ...(mine?.conversationId ? { conversationId: mine.conversationId } : {}),
        reply: mine?.reply?.content ?? null,
      },
      200,
    );
  });
