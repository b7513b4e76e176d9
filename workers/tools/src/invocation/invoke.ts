import { createDb } from "@frontdesk/db";
import { type ForwardedIdentity, ProblemError, requireScope } from "@frontdesk/http";
import type { ToolsEnv } from "../env.ts";
import { requireToolScopes } from "../registry/access.ts";
import { tools } from "../registry/index.ts";
import { toolContext } from "./context.ts";
import { recordCall } from "./record.ts";
import { runRecordedCall } from "./run.ts";
import type { ToolCallRow } from "./view.ts";

export interface Invocation {
  name: string;
  input: Record<string, unknown>;
  conversationId: string | null;
  idempotencyKey: string | null;
}

/**
 * Invokes a tool as `identity`: checks the scopes, records the call (or finds the first call under
 * its Idempotency-Key), runs it unless it waits for a person. The public route and the
 * ToolsService entrypoint both come here.
 */
export async function invokeTool(
  env: ToolsEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  identity: ForwardedIdentity,
  requestId: string,
  invocation: Invocation,
): Promise<{ row: ToolCallRow; replayed: boolean }> {
  requireScope(identity, "tools:invoke");
  const tool = tools.get(invocation.name);
  if (!tool) throw new ProblemError("not-found", `No tool named "${invocation.name}". GET /v1/tools lists them.`);
  requireToolScopes(identity, tool);
  const recorded = await recordCall(createDb(env), {
    organizationId: identity.organizationId,
    toolName: tool.name,
    input: invocation.input,
    conversationId: invocation.conversationId,
    idempotencyKey: invocation.idempotencyKey,
  });
  if (recorded.replayed || recorded.row.status !== "running") return recorded;
  const context = toolContext(env, ctx, identity, requestId, recorded.row);
  return { row: await runRecordedCall(context, tool, recorded.row), replayed: false };
}
