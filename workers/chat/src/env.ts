import type { DatabaseBindings } from "@frontdesk/db";

export type ChatEnv = Env & DatabaseBindings;
