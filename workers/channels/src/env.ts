import type { DatabaseBindings } from "@frontdesk/db";

export type ChannelsEnv = Env & DatabaseBindings;
