import type { DatabaseBindings } from "@frontdesk/db";

/** Optional secrets: the HTTP email API's key, when EMAIL_API_URL names one. */
export interface EmailApiSecrets {
  EMAIL_API_KEY?: string;
}

export type ChannelsEnv = Env & DatabaseBindings & EmailApiSecrets;
