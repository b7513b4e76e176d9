import type { RequestIdVariables } from "@frontdesk/http";
import type { AuthVariables } from "./auth/authenticate.ts";
import type { CorsVariables } from "./cors/organization-cors.ts";
import type { GatewayEnv } from "./env.ts";

export type GatewayApp = { Bindings: GatewayEnv; Variables: AuthVariables & CorsVariables & RequestIdVariables };
