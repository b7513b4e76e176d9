import { type Database, postgresErrorCode, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq, sql } from "drizzle-orm";
import type { ToolCallRow } from "./view.ts";

export interface NewCall {
  organizationId: string;
  toolName: string;
  input: Record<string, unknown>;
  conversationId: string | null;
  idempotencyKey: string | null;
}

/** Canonical JSON (sorted keys): two retries with the same input compare equal however they were written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Records a new call in one statement: `running`, or `awaiting_confirmation` when the organization's
 * `tools/require_confirmation` setting lists the tool. With an Idempotency-Key already used for
 * this tool, nothing is inserted and the first call is returned instead (`replayed`); a different
 * input under the same key is refused.
 */
export async function recordCall(db: Database, call: NewCall): Promise<{ row: ToolCallRow; replayed: boolean }> {
  const id = crypto.randomUUID();
  const inserted = await db
    .execute<{ status: ToolCallRow["status"]; requires_confirmation: boolean; created_at: string }>(sql`
    insert into tool_calls (id, organization_id, conversation_id, tool_name, input, idempotency_key, status, requires_confirmation)
    select ${id}, ${call.organizationId}, ${call.conversationId}, ${call.toolName}, ${JSON.stringify(call.input)}::jsonb,
      ${call.idempotencyKey}, case when needs then 'awaiting_confirmation' else 'running' end, needs
    from (
      select coalesce((
        select jsonb_typeof(value) = 'array' and value ? ${call.toolName}
        from settings
        where organization_id = ${call.organizationId} and category = 'tools' and key = 'require_confirmation'
      ), false) as needs
    ) confirmation
    on conflict (organization_id, tool_name, idempotency_key) where idempotency_key is not null do nothing
    returning status, requires_confirmation, created_at`)
    .catch((error: unknown) => {
      // The composite foreign key: a conversation of another organization (or none).
      if (postgresErrorCode(error) === "23503") {
        throw new ProblemError("not-found", "No such conversation in this organization.");
      }
      throw error;
    });
  const fresh = inserted.rows[0];
  if (fresh) {
    // Everything else of a new row is known here: no read back.
    const createdAt = new Date(fresh.created_at);
    const row: ToolCallRow = {
      id,
      organizationId: call.organizationId,
      conversationId: call.conversationId,
      toolName: call.toolName,
      input: call.input,
      output: null,
      status: fresh.status,
      errorMessage: null,
      idempotencyKey: call.idempotencyKey,
      requiresConfirmation: fresh.requires_confirmation,
      decidedByUserId: null,
      decidedAt: null,
      durationMs: null,
      createdAt,
      updatedAt: createdAt,
    };
    return { row, replayed: false };
  }
  const t = schema.toolCalls;
  const [row] = await db
    .select()
    .from(t)
    .where(
      and(
        eq(t.organizationId, call.organizationId),
        eq(t.toolName, call.toolName),
        eq(t.idempotencyKey, call.idempotencyKey ?? ""),
      ),
    );
  if (!row) throw new Error("the tool call was neither inserted nor found");
  if (canonical(row.input) !== canonical(call.input)) {
    throw new ProblemError("idempotency-key-reused", "This Idempotency-Key was already used with a different input.", {
      toolCallId: row.id,
    });
  }
  return { row, replayed: true };
}
