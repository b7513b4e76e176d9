import type { RequestIdVariables } from "@frontdesk/http";
import type { AuthVariables } from "./auth/authenticate.ts";
import type { CorsVariables } from "./cors/organization-cors.ts";
import type { GatewayEnv } from "./env.ts";
import type { PublicChannel } from "./public/resolve-channel.ts";
import type { RateLimitVariables } from "./rate-limit/middleware.ts";

export type GatewayApp = {
  Bindings: GatewayEnv;
  Variables: AuthVariables &
    CorsVariables &
    RequestIdVariables &
    RateLimitVariables & {
      /** Under /v1/public/{publishableKey}: the web channel the key names. */
      channel?: PublicChannel;
    };
};
