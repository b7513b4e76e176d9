import type { DatabaseBindings } from "@frontdesk/db";

export type ToolsEnv = Env & DatabaseBindings;
