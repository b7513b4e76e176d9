import { and, desc, lt, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * The timestamp as a cursor holds it. Postgres keeps microseconds and a cursor (a JavaScript date)
 * milliseconds, so both the order and the comparison use the millisecond value: otherwise rows
 * created in the same millisecond (one multi-row insert) would be skipped between pages.
 */
const toMilliseconds = (createdAt: PgColumn) => sql`date_trunc('milliseconds', ${createdAt} at time zone 'UTC')`;

/** Rows strictly after a cursor in newest-first (created_at, id) order: keyset pagination, stable under inserts. */
export function afterCursor(
  createdAt: PgColumn,
  id: PgColumn,
  cursor: { createdAt: string; id: string } | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const at = sql`(${new Date(cursor.createdAt).toISOString()}::timestamptz at time zone 'UTC')`;
  const truncated = toMilliseconds(createdAt);
  return or(sql`${truncated} < ${at}`, and(sql`${truncated} = ${at}`, lt(id, cursor.id)));
}

/**
 * The order `afterCursor` pages through. (In UTC, so that the expression is immutable and a table
 * can index it, as customers do: `(organization_id, date_trunc('milliseconds', created_at at time
 * zone 'UTC') desc, id desc)`.)
 */
export function newestFirst(createdAt: PgColumn, id: PgColumn): SQL[] {
  return [desc(toMilliseconds(createdAt)), desc(id)];
}
