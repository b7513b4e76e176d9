import type { DomainWorker } from "@frontdesk/contracts/route-prefixes";
import type { GatewayEnv } from "./env.ts";

/** The service binding of each domain worker behind the gateway. */
export const domainService = (env: GatewayEnv, worker: DomainWorker): Fetcher =>
  ({ chat: env.CHAT, bookings: env.BOOKINGS, tools: env.TOOLS, events: env.EVENTS, channels: env.CHANNELS })[worker];
