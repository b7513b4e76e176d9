import { type Database, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { eq, sql } from "drizzle-orm";

/** Failed sign-ins an account takes before each next attempt must wait. */
export const freeFailures = 3;
/** Consecutive failures that lock the account until an owner lifts the lock. */
export const lockAfterFailures = 10;
/** The longest back-off between two attempts. */
const maxBackoffSeconds = 15 * 60;

/** How long the attempt after `failures` failures must wait: 1 s, 2 s, 4 s … once the free ones are spent. */
export function backoffSeconds(failures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxBackoffSeconds);
}

const normal = (email: string) => email.trim().toLowerCase();

/**
 * Refuses an attempt on an account that is locked or still backing off, before any password is
 * checked (so a guess made too early teaches nothing). Accounts are keyed by email whether or not
 * a user has it: an unknown email is throttled exactly like a known one.
 */
export async function assertMayAttempt(db: Database, email: string): Promise<void> {
  const t = schema.loginThrottles;
  const [row] = await db
    .select({
      lockedAt: t.lockedAt,
      wait: sql<number>`ceil(extract(epoch from (${t.nextAttemptAt} - now())))::int`,
    })
    .from(t)
    .where(eq(t.email, normal(email)));
  if (row?.lockedAt)
    throw new ProblemError(
      "rate-limited",
      "Too many failed sign-ins: this account is locked. An owner can lift the lock (POST /v1/users/{id}/unlock).",
      { locked: true },
    );
  if (row && row.wait > 0)
    throw new ProblemError(
      "rate-limited",
      `Too many failed sign-ins: try again in ${row.wait} s.`,
      { retryAfter: row.wait },
      { "retry-after": String(row.wait) },
    );
}

/**
 * Counts a failed sign-in; answers whether it just locked the account (the caller writes the
 * audit row, which names the user's organization).
 */
export async function recordFailure(db: Database, email: string): Promise<{ locked: boolean }> {
  const failures = sql`login_throttles.failures + 1`;
  const result = await db.execute<{ failures: number; locked_now: boolean }>(sql`
    insert into login_throttles (email, failures, next_attempt_at, last_failure_at)
    values (${normal(email)}, 1, now() + make_interval(secs => ${backoffSeconds(1)}), now())
    on conflict (email) do update set
      failures = ${failures},
      last_failure_at = now(),
      next_attempt_at = now() + make_interval(secs => least(
        case when ${failures} < ${freeFailures} then 0 else power(2, ${failures} - ${freeFailures}) end,
        ${maxBackoffSeconds})),
      locked_at = coalesce(login_throttles.locked_at, case when ${failures} >= ${lockAfterFailures} then now() end)
    returning failures, (locked_at is not null and failures = ${lockAfterFailures}) as locked_now`);
  return { locked: result.rows[0]?.locked_now === true };
}

/** A successful sign-in (or an owner's unlock, or a password reset) starts the count afresh. */
export function clearFailures(db: Database, email: string) {
  const t = schema.loginThrottles;
  return db.delete(t).where(eq(t.email, normal(email)));
}
