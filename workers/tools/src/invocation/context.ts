import { createDb } from "@frontdesk/db";
import type { ForwardedIdentity } from "@frontdesk/http";
import { dispatchSoon } from "@frontdesk/webhooks";
import type { ToolsEnv } from "../env.ts";
import type { ToolContext } from "../registry/tool.ts";

export function toolContext(
  env: ToolsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  identity: ForwardedIdentity,
  requestId: string,
  call: { id: string; conversationId: string | null },
): ToolContext {
  return {
    db: createDb(env),
    env,
    identity,
    requestId,
    conversationId: call.conversationId,
    deliverWebhook: (messageId) => dispatchSoon(ctx, env, identity.organizationId, messageId),
  };
}
