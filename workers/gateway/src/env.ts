import type { DatabaseBindings } from "@frontdesk/db";

export type GatewayEnv = Env & DatabaseBindings;
