import { errorForLog, isDatabaseUnavailable, schema } from "@frontdesk/db";
import { type Problem, ProblemError, problem, queryProblem } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import type { Tool, ToolContext } from "../registry/tool.ts";
import type { ToolCallRow } from "./view.ts";

/** A failed call keeps the problem it answered, so a retry with the same key answers the same. */
export interface FailedOutput {
  problem: Problem;
}

/**
 * A tool's failure as one of our problems: never the driver's text (which carries SQL and its
 * parameters) or a runtime message. A database outage is not the tool's failure: it is rethrown
 * and answered 503, and the call, still `running`, is reclaimed after its lease.
 */
function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (isDatabaseUnavailable(error)) throw error;
  const refused = queryProblem(error);
  if (refused) return refused;
  return problem("tool-failed", "The tool failed unexpectedly; the call is recorded as failed.");
}

/** A call's input as its tool's schema reads it; a 400 naming each field that does not fit. */
export function toolInput(tool: Tool, input: unknown): unknown {
  const parsed = tool.input.safeParse(input);
  if (!parsed.success) {
    throw new ProblemError("validation-failed", `The input does not fit ${tool.name}.`, {
      errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return parsed.data;
}

/**
 * Runs a recorded call (status `running`) and stores how it ended (completed with its output, or
 * failed with its problem) and how long it took: one write after the tool's own work.
 */
export async function runRecordedCall(context: ToolContext, tool: Tool, call: ToolCallRow): Promise<ToolCallRow> {
  const started = Date.now();
  let outcome: Pick<ToolCallRow, "status" | "output" | "errorMessage">;
  try {
    const output = await tool.run(context, toolInput(tool, call.input));
    outcome = { status: "completed", output, errorMessage: null };
  } catch (error) {
    const failure = asProblem(error);
    if (!(error instanceof ProblemError)) {
      console.error(JSON.stringify({ error: "tool-failed", tool: tool.name, ...errorForLog(error) }));
    }
    outcome = {
      status: "failed",
      output: { problem: failure } satisfies FailedOutput,
      errorMessage: failure.detail ?? failure.title,
    };
  }
  const t = schema.toolCalls;
  const [row] = await context.db
    .update(t)
    .set({ ...outcome, durationMs: Date.now() - started, leaseExpiresAt: null })
    .where(and(eq(t.organizationId, call.organizationId), eq(t.id, call.id)))
    .returning();
  if (!row) throw new Error("the tool call disappeared while running");
  return row;
}
