import { createDb } from "@frontdesk/db";
import { dispatchWebhooks } from "@frontdesk/webhooks";
import type { BookingsEnv } from "./env.ts";

/** Sends the webhooks a write just queued, after the response; the cron retries whatever fails. */
export function deliverSoon(
  ctx: { waitUntil(promise: Promise<unknown>): void },
  env: BookingsEnv,
  organizationId: string,
  messageId: string,
): void {
  ctx.waitUntil(
    dispatchWebhooks(createDb(env), env.FRONTDESK_ENCRYPTION_KEY, { organizationId, messageIds: [messageId] }).catch(
      (error: unknown) => console.error("webhook dispatch failed; the cron will retry", error),
    ),
  );
}
