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

/** How long a running call may go without finishing before it counts as abandoned. */
export const leaseSeconds = 120;

export const abandonedReason =
  "abandoned: the worker running this call stopped before it finished (its lease expired); a retry with the same Idempotency-Key runs it again";

/** Fails the call holding `call`'s Idempotency-Key if it is running past its lease; true when one was. */
async function reclaimAbandoned(db: Database, call: NewCall): Promise<boolean> {
  if (!call.idempotencyKey) return false;
  const result = await db.execute(sql`
    update tool_calls
    set status = 'failed', error_message = ${abandonedReason}, idempotency_key = null, lease_expires_at = null,
      output = jsonb_build_object('idempotencyKey', idempotency_key)
    where organization_id = ${call.organizationId} and tool_name = ${call.toolName}
      and idempotency_key = ${call.idempotencyKey} and status = 'running' and lease_expires_at < now()
    returning id`);
  return result.rows.length > 0;
}

/**
 * Records a new call in one statement: `running`, or `awaiting_confirmation` when the organization's
 * `tools/require_confirmation` setting lists the tool. With an Idempotency-Key already used for
 * this tool, nothing is inserted and the first call is returned instead (`replayed`); a different
 * input under the same key is refused.
 */
export async function recordCall(
  db: Database,
  call: NewCall,
  reclaimed = false,
): Promise<{ row: ToolCallRow; replayed: boolean }> {
  const id = crypto.randomUUID();
  const inserted = await db
    .execute<{ status: ToolCallRow["status"]; requires_confirmation: boolean; created_at: string }>(sql`
    insert into tool_calls (id, organization_id, conversation_id, tool_name, input, idempotency_key, status, requires_confirmation, lease_expires_at)
    select ${id}, ${call.organizationId}, ${call.conversationId}, ${call.toolName}, ${JSON.stringify(call.input)}::jsonb,
      ${call.idempotencyKey}, case when needs then 'awaiting_confirmation' else 'running' end, needs,
      case when needs then null else now() + make_interval(secs => ${leaseSeconds}) end
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
      leaseExpiresAt: fresh.status === "running" ? new Date(createdAt.getTime() + leaseSeconds * 1000) : null,
      createdAt,
      updatedAt: createdAt,
    };
    return { row, replayed: false };
  }
  // The first call under this key is stuck in `running` past its lease (its worker died): it is
  // marked failed with the reason and gives up the key, and this call runs in its place.
  if (!reclaimed && (await reclaimAbandoned(db, call))) return recordCall(db, call, true);
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
