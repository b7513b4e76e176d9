import { WorkerEntrypoint } from "cloudflare:workers";
import { webhooksContract } from "@frontdesk/contracts/webhooks";
import { createDb } from "@frontdesk/db";
import { allowsPrivateUrls, type RpcServer, serveRpc } from "@frontdesk/http";
import { dispatchWebhooks } from "@frontdesk/webhooks";
import type { BookingsEnv } from "./env.ts";

/**
 * Outgoing webhooks as other workers reach them (`entrypoint = "WebhooksService"`): the chat worker
 * queues conversation events in its own transactions and asks for them to be sent now. Only this
 * worker holds the key that opens the endpoints' signing secrets.
 */
export class WebhooksService extends WorkerEntrypoint<BookingsEnv> implements RpcServer<typeof webhooksContract> {
  deliver(input: unknown) {
    return serveRpc(webhooksContract.deliver, input, async ({ organizationId, messageIds }) => {
      const summary = await dispatchWebhooks(createDb(this.env), this.env.FRONTDESK_ENCRYPTION_KEY, {
        organizationId,
        ...(messageIds ? { messageIds } : {}),
        allowPrivateUrls: allowsPrivateUrls(this.env),
      });
      return { attempted: summary.attempted, delivered: summary.delivered };
    });
  }
}
