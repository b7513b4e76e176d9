import { and, desc, lt, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * The timestamp as a cursor holds it. Postgres keeps microseconds and a cursor (a JavaScript date)
 * milliseconds, so both the order and the comparison use the millisecond value: otherwise rows
 * created in the same millisecond (one multi-row insert) would be skipped between pages.
 */
const toMilliseconds = (createdAt: PgColumn) => sql`date_trunc('milliseconds', ${createdAt})`;

/** Rows strictly after a cursor in newest-first (created_at, id) order: keyset pagination, stable under inserts. */
export function afterCursor(
  createdAt: PgColumn,
  id: PgColumn,
  cursor: { createdAt: string; id: string } | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const at = new Date(cursor.createdAt).toISOString();
  const truncated = toMilliseconds(createdAt);
  return or(sql`${truncated} < ${at}::timestamptz`, and(sql`${truncated} = ${at}::timestamptz`, lt(id, cursor.id)));
}

/** The order `afterCursor` pages through. */
export function newestFirst(createdAt: PgColumn, id: PgColumn): SQL[] {
  return [desc(toMilliseconds(createdAt)), desc(id)];
}
