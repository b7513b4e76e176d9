import { type Problem, problem, problemResponse } from "@frontdesk/http";
import type { FailedOutput } from "./run.ts";
import { type ToolCallRow, toToolCall } from "./view.ts";

/**
 * Why a call has no result to give, as a problem: the tool's own problem (with the call's id) when
 * it failed, 409 when it was rejected or is still running. Undefined when completed or awaiting a person.
 */
export function callProblem(row: ToolCallRow): Problem | undefined {
  switch (row.status) {
    case "completed":
    case "awaiting_confirmation":
      return undefined;
    case "failed": {
      const failed = row.output as FailedOutput | null;
      return { ...(failed?.problem ?? problem("tool-failed", row.errorMessage ?? undefined)), toolCallId: row.id };
    }
    case "rejected":
      return problem(
        "invalid-transition",
        `A person rejected this call${row.errorMessage ? `: ${row.errorMessage}` : "."}`,
        {
          toolCallId: row.id,
        },
      );
    default:
      return problem("request-in-progress", undefined, { toolCallId: row.id });
  }
}

/**
 * How a call is answered, the first time and on every replay: 200 with the output when completed,
 * 202 while it awaits confirmation, its problem otherwise.
 */
export function answerCall(row: ToolCallRow): Response {
  const refused = callProblem(row);
  if (refused) return problemResponse(refused);
  return new Response(JSON.stringify({ toolCall: toToolCall(row) }), {
    status: row.status === "completed" ? 200 : 202,
    headers: { "content-type": "application/json" },
  });
}
