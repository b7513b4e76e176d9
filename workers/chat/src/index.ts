import { createDb, deleteExpiredMemories, deleteOldMessages, errorForLog } from "@frontdesk/db";
import { app } from "./app.ts";
import type { ChatEnv } from "./env.ts";
import { embedQueuedEntries, queueStaleEntries, readEmbeddingWork } from "./knowledge/embedding-queue.ts";

export { ActiveSessions } from "./presence/active-sessions.ts";
export { AgentPresence } from "./presence/agent-presence.ts";
export { ChatService } from "./rpc.ts";
export { SessionContext } from "./session/session-context.ts";

/** The chat worker: reached only through the gateway's CHAT service binding (and its cron). */
export default {
  fetch: app.fetch,
  /**
   * Hourly housekeeping for every organization: expired memories are deleted, and messages older
   * than an organization's `data/message_retention_days`, a bounded batch at a time; knowledge
   * entries without a vector of the deployment's embedding model are queued to be embedded.
   */
  async scheduled(_controller, env, ctx) {
    const db = createDb(env);
    ctx.waitUntil(deleteExpiredMemories(db).then((deleted) => console.log("expired memories", { deleted })));
    ctx.waitUntil(deleteOldMessages(db).then((deleted) => console.log("message retention", { deleted })));
    ctx.waitUntil(queueStaleEntries(env).then((queued) => console.log("knowledge to embed", { queued })));
  },
  /** Knowledge entries to embed: the whole batch in one model call; a failure retries it later. */
  async queue(batch, env, _ctx) {
    const work = batch.messages.flatMap((message) => readEmbeddingWork(message.body) ?? []);
    try {
      const { embedded } = await embedQueuedEntries(env, work);
      console.log("knowledge embedded", { embedded, messages: batch.messages.length });
    } catch (error) {
      console.error(JSON.stringify({ error: "embedding-failed", retry: "queue", ...errorForLog(error) }));
      batch.retryAll({ delaySeconds: 30 });
    }
  },
} satisfies ExportedHandler<ChatEnv>;
