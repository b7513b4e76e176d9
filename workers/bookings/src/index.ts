import { createDb } from "@frontdesk/db";
import { allowsPrivateUrls, domainApp } from "@frontdesk/http";
import { dispatchWebhooks } from "@frontdesk/webhooks";
import type { BookingsEnv } from "./env.ts";
import { availability } from "./routes/availability.ts";
import { bookings } from "./routes/bookings.ts";
import { calendarFeeds, calendarFile } from "./routes/calendar-feeds.ts";
import { businessHours, holidays, meetingTypes } from "./routes/config.ts";
import { webhookEndpoints } from "./routes/webhook-endpoints.ts";

export { BookingsService } from "./rpc.ts";
export { WebhooksService } from "./webhooks-service.ts";

/** The bookings worker: reached only through the gateway's BOOKINGS service binding (and its cron). */
const app = domainApp<BookingsEnv>({ title: "Frontdesk bookings worker", secrets: ["FRONTDESK_ENCRYPTION_KEY"] });

// The calendar feed's secret URL is its credential: no gateway identity.
app.route("/calendar", calendarFile);
app.route("/v1/availability", availability);
app.route("/v1/bookings", bookings);
app.route("/v1/meeting-types", meetingTypes);
app.route("/v1/holidays", holidays);
app.route("/v1/business-hours", businessHours);
app.route("/v1/calendar-feeds", calendarFeeds);
app.route("/v1/webhook-endpoints", webhookEndpoints);

export default {
  fetch: app.fetch,
  /** Every minute: retries webhook deliveries whose backoff has run out (all organizations). */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      dispatchWebhooks(createDb(env), env.FRONTDESK_ENCRYPTION_KEY, {
        limit: 200,
        allowPrivateUrls: allowsPrivateUrls(env),
      }).then((summary) => {
        if (summary.attempted > 0) console.log("webhook retries", summary);
      }),
    );
  },
} satisfies ExportedHandler<BookingsEnv>;
