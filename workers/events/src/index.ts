import { createDb, deleteOldEvents } from "@frontdesk/db";
import { domainApp } from "@frontdesk/http";
import type { EventsEnv } from "./env.ts";
import { limits } from "./ingest/event-schema.ts";
import { consumeEvents, type QueuedEvents } from "./ingest/queue.ts";
import { runIncrementalRollup } from "./rollup/run-rollup.ts";
import { adAssets } from "./routes/ad-assets.ts";
import { analytics } from "./routes/analytics.ts";
import { events } from "./routes/events.ts";
import { segment } from "./routes/segment.ts";

/** The events worker: ingestion and analytics, reached only through the gateway (plus its queue and cron). */
const app = domainApp<EventsEnv>({
  title: "Frontdesk events worker",
  schemes: ["bearer", "writeKey"],
  bodyRules: (path) =>
    path === "/v1/events" ? { maxBytes: limits.nativeBatchBytes } : { maxBytes: limits.batchBytes },
});
app.route("/v1/events", events);
app.route("/v1/analytics", analytics);
app.route("/v1/ad-assets", adAssets);
app.route("/v1", segment);

export default {
  fetch: app.fetch,
  /** The batching consumer of large ingestion batches (see ingest/queue.ts). */
  async queue(batch, env, _ctx) {
    await consumeEvents(batch, env);
  },
  /** Every 10 minutes: the daily analytics of the days touched since the last run. */
  async scheduled(_controller, env, ctx) {
    const db = createDb(env);
    ctx.waitUntil(runIncrementalRollup(db).then((summary) => console.log("analytics rollup", summary)));
    // Raw events older than each organization's data/event_retention_days go, a bounded batch at a time.
    ctx.waitUntil(deleteOldEvents(db).then((deleted) => console.log("event retention", { deleted })));
  },
} satisfies ExportedHandler<EventsEnv, QueuedEvents>;
