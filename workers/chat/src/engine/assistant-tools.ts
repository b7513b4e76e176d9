import { identityHeader, type Problem, type Scope } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";
import type { SessionState } from "../session/state.ts";
import type { ToolSpec } from "./models/chat-model.ts";

export type ToolOutcome =
  | { ok: true; output: Record<string, unknown> }
  | { ok: false; status: number; problem: Problem | undefined };

/** The tools worker, as the conversation's assistant calls it. */
export interface AssistantTools {
  /** The registry's tools as a model is given them (GET /v1/tools). */
  describe(): Promise<ToolSpec[]>;
  /** `step` names the call within the turn: with the turn it makes the Idempotency-Key, so a retried turn never acts twice. */
  invoke(name: string, input: Record<string, unknown>, step: string): Promise<ToolOutcome>;
}

/**
 * What the assistant may do through the tools worker: act on bookings, tickets and leads (all only
 * for the customer it is talking to; the tools check), hand over, read configuration.
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

// Tool schemas are fixed for a deployment: each isolate reads them once.
let described: Promise<ToolSpec[]> | undefined;

/** Tool calls recorded against this conversation, as the assistant (`assistant:<name>` in histories). */
export function assistantTools(env: ChatEnv, state: SessionState): AssistantTools | undefined {
  const service = env.TOOLS;
  if (!service) return undefined;
  const identity = JSON.stringify({
    organizationId: state.organizationId,
    principal: "assistant",
    scopes: assistantScopes,
    subjectId: state.assistantName,
  });
  return {
    describe() {
      described ??= service
        .fetch("https://tools.internal/v1/tools", { headers: { [identityHeader]: identity } })
        .then(async (response) => {
          if (!response.ok) throw new Error(`GET /v1/tools answered ${response.status}`);
          const { data } = await response.json<{
            data: { name: string; description: string; inputSchema: ToolSpec["parameters"] }[];
          }>();
          return data.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.inputSchema }));
        });
      described.catch(() => {
        described = undefined;
      });
      return described;
    },
    async invoke(name, input, step) {
      const response = await service.fetch(`https://tools.internal/v1/tools/${name}`, {
        method: "POST",
        headers: {
          [identityHeader]: identity,
          "content-type": "application/json",
          "idempotency-key": `${state.conversationId}:${state.messageCount}:${step}`,
        },
        body: JSON.stringify({ input, conversationId: state.conversationId }),
      });
      const body = (await response.json().catch(() => undefined)) as
        | { toolCall?: { output?: Record<string, unknown> }; type?: string }
        | undefined;
      if (response.status === 200 && body?.toolCall) return { ok: true, output: body.toolCall.output ?? {} };
      return { ok: false, status: response.status, problem: body?.type ? (body as unknown as Problem) : undefined };
    },
  };
}
