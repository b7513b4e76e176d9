import { createDb, type DatabaseBindings, errorForLog } from "@frontdesk/db";
import { allowsPrivateUrls } from "@frontdesk/http";
import { dispatchWebhooks } from "./dispatch.ts";

/** Sends the webhooks a write just queued, after the response; the cron retries whatever fails. */
export function dispatchSoon(
  ctx: { waitUntil(promise: Promise<unknown>): void },
  env: DatabaseBindings & { FRONTDESK_ENCRYPTION_KEY: string; ALLOW_PRIVATE_URLS?: string },
  organizationId: string,
  messageId: string,
): void {
  ctx.waitUntil(
    dispatchWebhooks(createDb(env), env.FRONTDESK_ENCRYPTION_KEY, {
      organizationId,
      messageIds: [messageId],
      allowPrivateUrls: allowsPrivateUrls(env),
    }).catch((error: unknown) =>
      console.error(JSON.stringify({ error: "webhook-dispatch-failed", retry: "cron", ...errorForLog(error) })),
    ),
  );
}
