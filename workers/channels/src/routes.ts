import { createApi, ProblemError } from "@frontdesk/http";
import { loadChannel } from "./channel/load.ts";
import type { ChannelsEnv } from "./env.ts";
import { acceptMessages } from "./inbound/accept.ts";
import { drainSender } from "./inbound/process.ts";
import { recordReactions, recordStatuses } from "./inbound/statuses.ts";
import { webhookProvider } from "./providers/index.ts";

type App = { Bindings: ChannelsEnv };

const unknownProvider = () => new ProblemError("not-found", "No such webhook.");

/**
 * Provider webhooks, `/webhooks/<provider>/<channel id>`, one path for every provider's adapter.
 * The signature is verified over the raw bytes before anything is parsed or written: a forged,
 * tampered or stale delivery gets 401 and leaves no trace. A verified message is claimed and
 * queued, and the provider gets its answer at once: the turn and the reply run in the queue's
 * consumer, so a slow model never makes Meta or Twilio deliver again.
 */
export const webhooks = createApi<App>({ bodyRules: () => ({ maxBytes: 4 * 1024 * 1024, anyMediaType: true }) })
  // A subscription handshake (WhatsApp's): answered only with the channel's verify token.
  .get("/:provider/:channelId", async (c) => {
    const adapter = webhookProvider(c.req.param("provider"));
    if (!adapter?.webhook.handshake) throw unknownProvider();
    const channel = await loadChannel(c.env, c.req.param("channelId"), adapter.webhook.channelTypes);
    return c.text(adapter.webhook.handshake(channel, new URL(c.req.url).searchParams), 200);
  })
  .post("/:provider/:channelId", async (c) => {
    const adapter = webhookProvider(c.req.param("provider"));
    if (!adapter) throw unknownProvider();
    const { webhook } = adapter;
    const channel = await loadChannel(c.env, c.req.param("channelId"), webhook.channelTypes);
    const body = await c.req.text();
    const refused = await webhook.verify(channel, { url: c.req.url, headers: c.req.raw.headers, body });
    if (refused) throw new ProblemError("unauthenticated", refused);
    const delivery = webhook.parse(body);
    if (!delivery) throw new ProblemError("validation-failed", `Not ${webhook.expects}.`);
    const { accepted, duplicates } = await acceptMessages(
      c.env,
      c.executionCtx,
      channel,
      adapter.provider,
      delivery.messages,
    );
    await recordStatuses(c.env, channel, delivery.statuses);
    await recordReactions(c.env, channel, delivery.reactions);
    const received = delivery.messages.length - duplicates;
    if (webhook.answersInResponse && received > 0) {
      // A business's own bridge: its contract is request and response, so the turn runs before the
      // answer, through the same claim, turn and outbox as the queued providers.
      const sender = delivery.messages.at(-1)?.sender.id ?? "";
      const mine = (await drainSender(c.env, { channelId: channel.id, senderId: sender })).at(-1);
      return c.json({
        duplicate: false,
        ...(mine?.conversationId ? { conversationId: mine.conversationId } : {}),
        reply: mine?.reply?.content ?? null,
      });
    }
    return webhook.acknowledge({
      received,
      duplicates,
      statuses: delivery.statuses.length,
      reactions: delivery.reactions.length,
      senders: accepted.length,
    });
  });
