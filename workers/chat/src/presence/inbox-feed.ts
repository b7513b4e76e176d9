import { errorForLog } from "@frontdesk/db";
import type { ChatEnv } from "../env.ts";
import type { InboxEvent } from "./inbox-events.ts";
import { activeSessions } from "./stubs.ts";

type ConversationEvent = Extract<InboxEvent, { type: "conversation" }>;

/**
 * A session's changes on their way to the organization's active set and inbox feed (the
 * `ActiveSessions` object), in the background: the customer's reply does not wait for another
 * object's write (in production possibly in another location), and the changes still arrive in
 * the order they were made, each sent once the one before it is recorded. A failure is logged;
 * the next change corrects the set.
 */
export class InboxFeed {
  readonly #env: ChatEnv;
  readonly #ctx: DurableObjectState;
  #last: Promise<void> = Promise.resolve();

  constructor(env: ChatEnv, ctx: DurableObjectState) {
    this.#env = env;
    this.#ctx = ctx;
  }

  record(organizationId: string, event: ConversationEvent): void {
    const recorded = this.#last.then(() =>
      activeSessions(this.#env, organizationId)
        .record(event)
        .catch((error: unknown) => {
          console.error(JSON.stringify({ error: "inbox-feed-failed", ...errorForLog(error) }));
        }),
    );
    this.#last = recorded;
    this.#ctx.waitUntil(recorded);
  }
}
