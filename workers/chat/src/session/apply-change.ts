import { createDb } from "@frontdesk/db";
import { type SessionState, withMessages } from "../conversation/state.ts";
import type { TurnWrite } from "../conversation/turn-write.ts";
import { messageView, sessionView } from "../conversation/views.ts";
import type { ChatEnv } from "../env.ts";
import type { InboxFeed } from "../presence/inbox-feed.ts";
import { deliverWebhooks } from "../webhooks/conversation-webhooks.ts";
import { idleDeadline } from "./idle-close.ts";
import { broadcast } from "./live-sockets.ts";
import { persistTurn } from "./persist-turn.ts";

/**
 * The idle close's alarm, armed when none is due by the conversation's deadline. It is not moved
 * on every message (a storage write each): an alarm that rings early finds the conversation still
 * active and rings again at its deadline then (`SessionContext.alarm`). A change without a message
 * past the deadline (reopening a conversation silent for long) gives it its idle time from now.
 */
async function armIdleClose(ctx: DurableObjectState, state: SessionState, now = Date.now()): Promise<void> {
  const deadline = idleDeadline(state);
  if (deadline === undefined) return;
  const due = deadline > now ? deadline : now + state.idleCloseMinutes * 60_000;
  const armed = await ctx.storage.getAlarm();
  if (armed === null || armed > due) await ctx.storage.setAlarm(due);
}

/**
 * Makes a change real: persisted in one database round trip (its webhooks sent once it committed),
 * kept as the session's stored context, told to every live socket and (in the background) to the
 * organization's inbox feed, and the idle alarm armed. Answers the conversation as it now is.
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
  await armIdleClose(ctx, updated);
  return updated;
}
