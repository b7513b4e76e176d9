import { toolsContract } from "@frontdesk/contracts/tools";
import { type Problem, rpcClient, type Scope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { SessionState } from "../conversation/state.ts";
import type { ChatEnv } from "../env.ts";
import type { ToolSpec } from "./models/chat-model.ts";

export type ToolOutcome = { ok: true; output: Record<string, unknown> } | { ok: false; problem: Problem };

/** The tools worker, as the conversation's assistant calls it (typed RPC to its ToolsService). */
export interface AssistantTools {
  /** The registry's tools as a model is given them. */
  describe(): Promise<ToolSpec[]>;
  /** `step` names the call within the turn: with the turn it makes the Idempotency-Key, so a retried turn never acts twice. */
  invoke(name: string, input: Record<string, unknown>, step: string): Promise<ToolOutcome>;
}

/**
 * What the assistant may do through the tools worker: act on bookings, tickets and leads (all only
 * for the customer it is talking to; the tools check), read configuration.
 */
const assistantScopes: Scope[] = [
  "tools:invoke",
  "conversations:write",
  "bookings:read",
  "bookings:write",
  "tickets:read",
  "tickets:write",
  "config:read",
  "conversations:read",
];

/** A tool's input schema as models take it: a JSON Schema object. */
const toolParameters = z
  .object({
    type: z.literal("object"),
    properties: z.record(z.string(), z.unknown()).optional(),
    required: z.array(z.string()).optional(),
  })
  .catchall(z.unknown());

// Tool schemas are fixed for a deployment: each isolate reads them once.
let described: Promise<ToolSpec[]> | undefined;

/**
 * Tool calls recorded against this conversation, as the assistant (`assistant:<name>` in histories).
 * `dryRun` (simulations): each call is rehearsed instead; nothing is written or recorded.
 */
export function assistantTools(env: ChatEnv, state: SessionState, dryRun = false): AssistantTools | undefined {
  if (!env.TOOLS) return undefined;
  const tools = rpcClient(toolsContract, env.TOOLS);
  const identity = {
    organizationId: state.organizationId,
    principal: "assistant" as const,
    scopes: assistantScopes,
    subjectId: state.assistantName,
  };
  return {
    describe() {
      described ??= tools.describe({ organizationId: state.organizationId }).then((result) => {
        if (!result.ok) throw new Error(`describing the tools failed: ${result.kind}`);
        return result.value.tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          parameters: toolParameters.parse(tool.inputSchema),
        }));
      });
      described.catch(() => {
        described = undefined;
      });
      return described;
    },
    async invoke(name, input, step) {
      if (dryRun) {
        const rehearsed = await tools.rehearse({ identity, name, input, conversationId: null });
        return rehearsed.ok ? { ok: true, output: rehearsed.value.output } : { ok: false, problem: rehearsed.problem };
      }
      const result = await tools.invoke({
        identity,
        name,
        input,
        conversationId: state.conversationId,
        idempotencyKey: `${state.conversationId}:${state.messageCount}:${step}`,
      });
      if (!result.ok) return { ok: false, problem: result.problem };
      return { ok: true, output: result.value.output ?? {} };
    },
  };
}
