import { createApi } from "@frontdesk/http";
import type { ChatEnv } from "./env.ts";
import { type IdentityVariables, requireIdentity } from "./identity.ts";
import { conversations } from "./routes/conversations.ts";
import { health } from "./routes/health.ts";

/** The chat worker: reached only through the gateway's CHAT service binding. */
const app = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>();

app.route("/health", health);
app.use("/v1/*", requireIdentity());
app.route("/v1/conversations", conversations);

export default app;
