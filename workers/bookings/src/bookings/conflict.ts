import { type Database, postgresErrorCode, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq, inArray, ne, sql } from "drizzle-orm";

/** Postgres' exclusion_violation: the no-overlap constraint refused the span. */
export const isOverlap = (error: unknown) => postgresErrorCode(error) === "23P01";

/**
 * The 409 for a span the database refused, naming the slot that holds it (times only: the other
 * booking's customer is none of the caller's business).
 */
export async function bookingConflict(
  db: Database,
  organizationId: string,
  resource: string,
  blockedFrom: Date,
  blockedUntil: Date,
  ownId?: string,
): Promise<ProblemError> {
  const b = schema.bookings;
  const [taken] = await db
    .select({ startsAt: b.startsAt, endsAt: b.endsAt })
    .from(b)
    .where(
      and(
        eq(b.organizationId, organizationId),
        eq(b.resource, resource),
        inArray(b.status, ["requested", "confirmed"]),
        ownId ? ne(b.id, ownId) : undefined,
        sql`tstzrange(${b.blockedFrom}, ${b.blockedUntil}, '[)') && tstzrange(${blockedFrom.toISOString()}::timestamptz, ${blockedUntil.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .limit(1);
  return new ProblemError("booking-conflict", "Another booking already holds this time (with its buffers).", {
    conflict: taken ? { startsAt: taken.startsAt.toISOString(), endsAt: taken.endsAt.toISOString() } : null,
  });
}
