import type { ForwardedIdentity } from "@frontdesk/http";
import { ProblemError, requireScope } from "@frontdesk/http";
import type { ToolsEnv } from "../env.ts";
import { requireToolScopes } from "../registry/access.ts";
import { tools } from "../registry/index.ts";
import { toolContext } from "./context.ts";
import { toolInput } from "./run.ts";

/**
 * A dry run of a tool for a simulation: the same scope and input checks as a real call, a tool
 * that only reads runs for real, any other answers what it would have done. Nothing is written,
 * not even the tool_calls record.
 */
export async function rehearseTool(
  env: ToolsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  identity: ForwardedIdentity,
  invocation: { name: string; input: Record<string, unknown>; conversationId: string | null },
): Promise<Record<string, unknown>> {
  requireScope(identity, "tools:invoke");
  const tool = tools.get(invocation.name);
  if (!tool) throw new ProblemError("not-found", `No tool named "${invocation.name}". GET /v1/tools lists them.`);
  requireToolScopes(identity, tool);
  const input = toolInput(tool, invocation.input);
  if (tool.rehearse !== "run") return tool.rehearse(input);
  return tool.run(toolContext(env, ctx, identity, crypto.randomUUID(), { id: "", conversationId: null }), input);
}
