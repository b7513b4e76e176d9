import { notFound, onError } from "@frontdesk/http";
import { Hono } from "hono";
import type { ChatEnv } from "./env.ts";
import { health } from "./routes/health.ts";

/** The chat worker: reached only through the gateway's CHAT service binding. */
const app = new Hono<{ Bindings: ChatEnv }>().route("/health", health);

app.notFound(notFound);
app.onError(onError);

export default app;
