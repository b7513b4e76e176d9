import { type ChannelOutbound, channelOutbound } from "@frontdesk/contracts/channel-outbound";
import { isVisitorUploadPath, visitorUploadMaxBodyBytes } from "@frontdesk/contracts/web-channel";
import { createDb } from "@frontdesk/db";
import { domainApp } from "@frontdesk/http";
import { type SenderWork, senderWork } from "./channel/types.ts";
import type { ChannelsEnv } from "./env.ts";
import { staleSenders } from "./inbound/accept.ts";
import { receiveEmail } from "./inbound/email.ts";
import { drainSender } from "./inbound/process.ts";
import { queueSenders } from "./inbound/queue-senders.ts";
import { addressVerification } from "./management/address-verification.ts";
import { channels } from "./management/channels.ts";
import { identitySecret } from "./management/identity-secret.ts";
import { purgeAttachments } from "./media/purge.ts";
import { attachments, media } from "./media/routes.ts";
import { visitorUploads } from "./media/visitor-upload.ts";
import { handleOutbound } from "./outbound/channel-outbound.ts";
import { sendDueReplies } from "./outbound/outbox.ts";
import { webhooks } from "./routes.ts";

export { RateLimiter } from "@frontdesk/http/rate-limiter";
export { ChannelInbox } from "./inbound/inbox.ts";

/** The channels worker: provider webhooks in, replies out. Public only through the gateway's /webhooks/*. */
const app = domainApp<ChannelsEnv>({
  title: "Frontdesk channels worker",
  schemes: ["bearer", "visitorToken"],
  secrets: ["FRONTDESK_ENCRYPTION_KEY"],
  bodyRules: (path) =>
    isVisitorUploadPath(path)
      ? { maxBytes: visitorUploadMaxBodyBytes, anyMediaType: true }
      : { maxBytes: 4 * 1024 * 1024, anyMediaType: true },
});

app.route("/webhooks", webhooks);
// Signed links to attachments: public, the signature is the credential.
app.route("/media", media);
app.route("/v1/channels", channels);
app.route("/v1/channels", identitySecret);
app.route("/v1/channels", addressVerification);
app.route("/v1/attachments", attachments);
app.route("/v1/public", visitorUploads);

export default {
  fetch: app.fetch,
  /**
   * Two queues. The accepted messages: each queue message names a sender whose waiting messages
   * are worked through in arrival order. The outbound work chat asks for: a person's message, read
   * receipts. Work that cannot be done now is retried by the queue.
   */
  async queue(batch, env, _ctx) {
    const outbound = batch.queue.startsWith("frontdesk-channel-outbound");
    for (const message of batch.messages) {
      const work = outbound ? channelOutbound.safeParse(message.body) : senderWork.safeParse(message.body);
      if (!work.success) {
        console.error(JSON.stringify({ error: "unreadable-queue-message", queue: batch.queue, id: message.id }));
        message.ack();
        continue;
      }
      try {
        if ("kind" in work.data) await handleOutbound(env, work.data);
        else await drainSender(env, work.data);
        message.ack();
      } catch {
        message.retry({ delaySeconds: 5 });
      }
    }
  },
  /** Cloudflare Email Routing: an email to an email channel's address. */
  async email(message, env, ctx) {
    await receiveEmail(message, env, ctx);
  },
  /**
   * Every minute: senders whose queue message was lost are queued again, due replies are retried,
   * and attachments no message holds any more leave R2.
   */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      (async () => {
        await queueSenders(env, await staleSenders(createDb(env)));
        await sendDueReplies(env);
        await purgeAttachments(env);
      })(),
    );
  },
} satisfies ExportedHandler<ChannelsEnv, SenderWork | ChannelOutbound>;
