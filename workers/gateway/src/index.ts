import { notFound, onError } from "@frontdesk/http";
import { Hono } from "hono";
import type { GatewayEnv } from "./env.ts";
import { health } from "./routes/health.ts";

/** The gateway: Frontdesk's only public door; domain workers are reached over service bindings. */
const app = new Hono<{ Bindings: GatewayEnv }>()
  .route("/health", health)
  .all("/v1/conversations", (c) => c.env.CHAT.fetch(c.req.raw))
  .all("/v1/conversations/*", (c) => c.env.CHAT.fetch(c.req.raw));

app.notFound(notFound);
app.onError(onError);

export default app;
