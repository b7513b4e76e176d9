import { createApi, type IdentityVariables, requireIdentity } from "@frontdesk/http";
import type { ToolsEnv } from "./env.ts";
import { leads } from "./routes/leads.ts";
import { tickets } from "./routes/tickets.ts";
import { toolCalls } from "./routes/tool-calls.ts";
import { toolRoutes } from "./routes/tools.ts";

export { ToolsService } from "./rpc.ts";

/** The tools worker: the registry the assistant and API clients call, tickets and leads. Gateway-only. */
const app = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables }>({ secrets: ["FRONTDESK_ENCRYPTION_KEY"] });

app.get("/health", (c) => c.json({ status: "ok" }));
app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
app.doc31("/openapi.json", { openapi: "3.1.0", info: { title: "Frontdesk tools worker", version: "1.0.0" } });
app.use("/v1/*", requireIdentity());
app.route("/v1/tools", toolRoutes);
app.route("/v1/tool-calls", toolCalls);
app.route("/v1/tickets", tickets);
app.route("/v1/leads", leads);

export default app;
