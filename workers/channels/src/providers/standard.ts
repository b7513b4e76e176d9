import { z } from "zod";
import type { InboundMessage, LoadedChannel, SendReply } from "../inbound/types.ts";

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

/** The reply travels back in the HTTP response; its id is ours. */
export const answerInResponse: SendReply = async (_channel: LoadedChannel, to: string) =>
  `reply-to:${to}:${crypto.randomUUID()}`;
