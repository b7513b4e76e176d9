import type { DatabaseBindings } from "@frontdesk/db";

export type EventsEnv = Env & DatabaseBindings;
