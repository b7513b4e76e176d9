import type { DatabaseBindings } from "@frontdesk/db";

export type BookingsEnv = Env & DatabaseBindings;
