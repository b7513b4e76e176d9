import { problem, problemResponse } from "@frontdesk/http";
import type { FailedOutput } from "./run.ts";
import { type ToolCallRow, toToolCall } from "./view.ts";

/**
 * How a call is answered, the first time and on every replay: 200 with the output when completed,
 * 202 while it awaits confirmation, the tool's own problem (with the call's id) when it failed,
 * 409 when it was rejected or is still running.
 */
export function answerCall(row: ToolCallRow): Response {
  const toolCall = toToolCall(row);
  const json = (status: number) =>
    new Response(JSON.stringify({ toolCall }), { status, headers: { "content-type": "application/json" } });
  switch (row.status) {
    case "completed":
      return json(200);
    case "awaiting_confirmation":
      return json(202);
    case "failed": {
      const failed = row.output as FailedOutput | null;
      return problemResponse({
        ...(failed?.problem ?? problem("tool-failed", row.errorMessage ?? undefined)),
        toolCallId: row.id,
      });
    }
    case "rejected":
      return problemResponse(
        problem(
          "invalid-transition",
          `A person rejected this call${row.errorMessage ? `: ${row.errorMessage}` : "."}`,
          {
            toolCallId: row.id,
          },
        ),
      );
    default:
      return problemResponse(problem("request-in-progress", undefined, { toolCallId: row.id }));
  }
}
