import { type Database, postgresErrorCode, schema } from "@frontdesk/db";
import { type AuditActor, auditEntry, ProblemError, undecided } from "@frontdesk/http";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { deliverWebhooks } from "../webhooks/conversation-webhooks.ts";
import { forgetSessions } from "./forget-sessions.ts";

/** The SQLSTATE our customer functions raise when what is asked is impossible now (see migration 0011). */
const refusedNow = "FD409";

/** Postgres's own words for a refusal, found on the driver's error or the error it wraps. */
function refusalMessage(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return message;
    current = (current as { cause?: unknown }).cause;
  }
  return "Not possible now.";
}

/** Runs one of the customer functions, turning its refusals into problems a person can act on. */
async function refusalsAsProblems<T>(work: () => Promise<T>, notFound: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = postgresErrorCode(error);
    if (code === refusedNow) throw new ProblemError("invalid-transition", refusalMessage(error));
    if (code === "P0002" || code === "23503") throw new ProblemError("not-found", notFound);
    throw error;
  }
}

type MergeRow = typeof schema.customerMerges.$inferSelect;

/** The statement reading a merge back, in the same batch as the change that made or undid it. */
const mergeRead = (db: Database, organizationId: string, ...where: SQL[]) => {
  const m = schema.customerMerges;
  return db
    .select()
    .from(m)
    .where(and(eq(m.organizationId, organizationId), ...where))
    .orderBy(desc(m.createdAt))
    .limit(1);
};

/**
 * Merges `sourceId` into `targetId` by hand: every row of the source moves to the target, the
 * source is kept (merged) so that the merge can be undone. One transaction: the merge (which
 * refuses a merged, erased or missing customer with its reason), its audit row and the record it
 * left, answered.
 */
export async function mergeByHand(
  env: ChatEnv,
  db: Database,
  request: Headers,
  actor: AuditActor,
  merge: { organizationId: string; sourceId: string; targetId: string; reason?: string | undefined },
): Promise<MergeRow> {
  const { organizationId, sourceId, targetId } = merge;
  if (sourceId === targetId) throw new ProblemError("validation-failed", "A customer cannot be merged into itself.");
  const m = schema.customerMerges;
  const [, , [row]] = await refusalsAsProblems(
    () =>
      db.batch([
        db.execute(sql`select merge_customers(${organizationId}, ${sourceId}, ${targetId},
          'manual', ${JSON.stringify({ kind: actor.kind, apiKeyId: actor.apiKeyId, userId: actor.userId })}::jsonb,
          ${merge.reason ?? null})`),
        auditEntry(db, request, actor, {
          organizationId,
          action: "customer.merged",
          resource: "customer",
          resourceId: targetId,
          details: { mergedCustomerId: sourceId, kind: "manual" },
        }),
        mergeRead(
          db,
          organizationId,
          eq(m.sourceCustomerId, sourceId),
          eq(m.targetCustomerId, targetId),
          eq(m.status, "applied"),
        ),
      ]),
    "No such customer in this organization.",
  );
  if (!row) throw new Error("merge record missing after merge_customers");
  await forgetSessions(env, row.moved.conversations);
  // customer.merged was queued by the merge's trigger (migration 0015).
  await deliverWebhooks(env, organizationId);
  return row;
}

/** Puts everything a merge moved back where it was (refused when later changes make that impossible). */
export async function undoMerge(
  env: ChatEnv,
  db: Database,
  request: Headers,
  actor: AuditActor,
  organizationId: string,
  mergeId: string,
): Promise<MergeRow> {
  const [, , [row]] = await refusalsAsProblems(
    () =>
      db.batch([
        db.execute(sql`select undo_customer_merge(${organizationId}, ${mergeId})`),
        auditEntry(db, request, actor, {
          organizationId,
          action: "customer_merge.undone",
          resource: "customer_merge",
          resourceId: mergeId,
        }),
        mergeRead(db, organizationId, eq(schema.customerMerges.id, mergeId)),
      ]),
    "No such customer merge in this organization.",
  );
  if (!row) throw new Error("merge record missing after undo_customer_merge");
  await forgetSessions(env, row.moved.conversations);
  return row;
}

/** Confirms a merge: it can no longer be undone (the source stays, merged, for the record). */
export async function confirmMerge(
  db: Database,
  request: Headers,
  actor: AuditActor,
  organizationId: string,
  mergeId: string,
): Promise<MergeRow> {
  const m = schema.customerMerges;
  const existing = await mergeRecord(db, organizationId, mergeId);
  if (!existing) throw new ProblemError("not-found", "No such customer merge in this organization.");
  undecided(existing, "applied", "merge");
  const [[row]] = await db.batch([
    db
      .update(m)
      .set({ status: "confirmed", decidedAt: new Date() })
      .where(and(eq(m.organizationId, organizationId), eq(m.id, mergeId), eq(m.status, "applied")))
      .returning(),
    auditEntry(db, request, actor, {
      organizationId,
      action: "customer_merge.confirmed",
      resource: "customer_merge",
      resourceId: mergeId,
    }),
  ]);
  if (!row) throw new ProblemError("invalid-transition", "This merge was decided meanwhile.");
  return row;
}

export async function mergeRecord(
  db: Database,
  organizationId: string,
  mergeId: string,
): Promise<MergeRow | undefined> {
  const [row] = await mergeRead(db, organizationId, eq(schema.customerMerges.id, mergeId));
  return row;
}
