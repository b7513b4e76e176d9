import { createApi } from "@frontdesk/http";
import type { ChannelsEnv } from "./env.ts";
import { webhooks } from "./routes.ts";

/** The channels worker: provider webhooks in, replies out. Public only through the gateway's /webhooks/*. */
const app = createApi<{ Bindings: ChannelsEnv }>({
  secrets: ["FRONTDESK_ENCRYPTION_KEY"],
  bodyRules: () => ({ maxBytes: 4 * 1024 * 1024, anyMediaType: true }),
});

app.get("/health", (c) => c.json({ status: "ok" }));
app.route("/webhooks", webhooks);

export default app;
