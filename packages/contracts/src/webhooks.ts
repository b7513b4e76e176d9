import { rpcMethod } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";

/** Webhook messages another worker just queued in its own transaction (their `webhook-id`s). */
export const queuedWebhooks = z
  .object({
    organizationId: z.uuid(),
    /** Absent: every due delivery of the organization (a database trigger queued it, its id unknown here). */
    messageIds: z
      .array(z.string().regex(/^msg_[0-9a-f]{32}$/))
      .min(1)
      .max(100)
      .optional(),
  })
  .strict();

/** What the chat worker asks of the worker that owns outgoing webhooks (bookings' WebhooksService). */
export const webhooksContract = {
  /** Sends those deliveries now; whatever fails is retried by the bookings cron. */
  deliver: rpcMethod(queuedWebhooks, z.object({ attempted: z.number().int(), delivered: z.number().int() })),
};
