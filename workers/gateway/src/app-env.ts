import type { RequestIdVariables } from "@frontdesk/http";
import type { AuthVariables } from "./auth/authenticate.ts";
import type { CorsVariables } from "./cors/organization-cors.ts";
import type { GatewayEnv } from "./env.ts";
import type { RateLimitVariables } from "./rate-limit/middleware.ts";

export type GatewayApp = {
  Bindings: GatewayEnv;
  Variables: AuthVariables & CorsVariables & RequestIdVariables & RateLimitVariables;
};
