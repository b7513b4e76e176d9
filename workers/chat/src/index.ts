import { createDb, deleteExpiredMemories, deleteOldMessages } from "@frontdesk/db";
import { app } from "./app.ts";
import type { ChatEnv } from "./env.ts";

export { ActiveSessions } from "./presence/active-sessions.ts";
export { AgentPresence } from "./presence/agent-presence.ts";
export { ChatService } from "./rpc.ts";
export { SessionContext } from "./session/session-context.ts";

/** The chat worker: reached only through the gateway's CHAT service binding (and its cron). */
export default {
  fetch: app.fetch,
  /**
   * Hourly housekeeping for every organization: expired memories are deleted, and messages older
   * than an organization's `data/message_retention_days`, a bounded batch at a time.
   */
  async scheduled(_controller, env, ctx) {
    const db = createDb(env);
    ctx.waitUntil(deleteExpiredMemories(db).then((deleted) => console.log("expired memories", { deleted })));
    ctx.waitUntil(deleteOldMessages(db).then((deleted) => console.log("message retention", { deleted })));
  },
} satisfies ExportedHandler<ChatEnv>;
