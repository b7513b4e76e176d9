import { createDb } from "@frontdesk/db";
import { type SessionState, withMessages } from "../conversation/state.ts";
import type { TurnWrite } from "../conversation/turn-write.ts";
import { messageView, sessionView } from "../conversation/views.ts";
import type { ChatEnv } from "../env.ts";
import type { InboxFeed } from "../presence/inbox-feed.ts";
import { deliverWebhooks } from "../webhooks/conversation-webhooks.ts";
import { broadcast } from "./live-sockets.ts";
import { persistTurn } from "./persist-turn.ts";

/**
 * Makes a change real: persisted in one database round trip (its webhooks sent once it committed),
 * kept as the session's stored context, told to every live socket and (in the background) to the
 * organization's inbox feed, and the idle alarm moved. Answers the conversation as it now is.
 */
export async function applyChange(
  env: ChatEnv,
  ctx: DurableObjectState,
  inbox: InboxFeed,
  next: SessionState,
  write: Omit<TurnWrite, "next">,
): Promise<SessionState> {
  const updated = withMessages(next, write.messages);
  const webhooks = await persistTurn(createDb(env), { ...write, next: updated });
  ctx.waitUntil(deliverWebhooks(env, updated.organizationId, webhooks));
  ctx.storage.kv.put("context", updated);
  const messages = write.messages.map((message) => messageView(updated, message));
  const sockets = ctx.getWebSockets();
  for (const message of messages) broadcast(sockets, { type: "message", message }, updated);
  const conversation = sessionView(updated);
  broadcast(sockets, { type: "conversation", conversation }, updated);
  // The organization's active set and its inbox feed: one call, whatever the status.
  inbox.record(updated.organizationId, { type: "conversation", conversation, messages });
  if (updated.status !== "closed") await ctx.storage.setAlarm(Date.now() + updated.idleCloseMinutes * 60_000);
  return updated;
}
