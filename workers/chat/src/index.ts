import { app } from "./app.ts";

export { ActiveSessions } from "./presence/active-sessions.ts";
export { AgentPresence } from "./presence/agent-presence.ts";
export { ChatService } from "./rpc.ts";
export { SessionContext } from "./session/session-context.ts";

/** The chat worker: reached only through the gateway's CHAT service binding. */
export default app;
