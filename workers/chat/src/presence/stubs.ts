import type { ChatEnv } from "../env.ts";

/** The organization's agent-presence object (one per organization). */
export const agentPresence = (env: ChatEnv, organizationId: string) =>
  env.AGENT_PRESENCE.get(env.AGENT_PRESENCE.idFromName(organizationId));

/** The organization's active-sessions object (one per organization). */
export const activeSessions = (env: ChatEnv, organizationId: string) =>
  env.ACTIVE_SESSIONS.get(env.ACTIVE_SESSIONS.idFromName(organizationId));
