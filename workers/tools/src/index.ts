import { domainApp } from "@frontdesk/http";
import type { ToolsEnv } from "./env.ts";
import { leads } from "./routes/leads.ts";
import { tickets } from "./routes/tickets.ts";
import { toolCalls } from "./routes/tool-calls.ts";
import { toolRoutes } from "./routes/tools.ts";

export { ToolsService } from "./rpc.ts";

/** The tools worker: the registry the assistant and API clients call, tickets and leads. Gateway-only. */
const app = domainApp<ToolsEnv>({ title: "Frontdesk tools worker", secrets: ["FRONTDESK_ENCRYPTION_KEY"] });
app.route("/v1/tools", toolRoutes);
app.route("/v1/tool-calls", toolCalls);
app.route("/v1/tickets", tickets);
app.route("/v1/leads", leads);

export default app;
