import { channelTypes } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";
import { verifyStandardWebhook } from "@frontdesk/webhooks";
import { type ChannelAdapter, duplicateAnswer, parseJson } from "../channel/adapter.ts";
import { credential } from "../channel/load.ts";
import type { InboundMessage } from "../channel/types.ts";

/**
 * A generic channel (a business's own app or bridge) posting `message.received` events, signed per
 * Standard Webhooks. The reply is returned in the webhook's response, so no outbound call is made.
 */
const event = z.object({
  type: z.literal("message.received"),
  data: z.object({
    id: z.string().min(1).max(255),
    text: z.string().min(1).max(8000),
    from: z.object({
      id: z.string().min(1).max(200),
      name: z.string().max(200).optional(),
      email: z.email().optional(),
      phone: z.string().max(40).optional(),
    }),
  }),
});

export function parseStandard(body: unknown): InboundMessage | undefined {
  const parsed = event.safeParse(body);
  if (!parsed.success) return undefined;
  const { data } = parsed.data;
  return { externalId: data.id, sender: data.from, content: data.text, replyTo: data.from.id };
}

/** A business's own bridge, on a channel of any type: the turn runs before the answer. */
export const standard: ChannelAdapter = {
  provider: "standard",
  /** The reply travels back in the HTTP response; its id is ours. */
  send: async (_env, _channel, to) => `reply-to:${to}:${crypto.randomUUID()}`,
  webhook: {
    channelTypes,
    async verify(channel, request) {
      const verified = await verifyStandardWebhook(credential(channel, "signingSecret"), request.headers, request.body);
      return verified.ok ? undefined : `Standard Webhooks signature refused: ${verified.reason}.`;
    },
    parse(body) {
      const message = parseStandard(parseJson(body));
      return message ? { messages: [message], statuses: [], reactions: [] } : undefined;
    },
    expects: 'a "message.received" event',
    acknowledge: duplicateAnswer,
    answersInResponse: true,
  },
};
