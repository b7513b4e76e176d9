import { type ForwardedIdentity, requireScope, scopesCover } from "@frontdesk/http";
import { tools } from "./index.ts";
import type { Tool } from "./tool.ts";

/** Running a tool needs `tools:invoke` and every scope of its effect: `tools:invoke` alone books nothing. */
export function requireToolScopes(identity: ForwardedIdentity, tool: Tool): void {
  requireScope(identity, "tools:invoke", ...tool.effect);
}

/** The tools whose recorded calls the caller may read (their inputs and outputs are bookings, tickets, leads). */
export function readableToolNames(identity: ForwardedIdentity): string[] {
  return [...tools.values()].filter((tool) => scopesCover(identity.scopes, tool.reads)).map((tool) => tool.name);
}
