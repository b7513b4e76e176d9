import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** Rows strictly after a cursor in newest-first (created_at, id) order: keyset pagination, stable under inserts. */
export function afterCursor(
  createdAt: PgColumn,
  id: PgColumn,
  cursor: { createdAt: string; id: string } | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const at = new Date(cursor.createdAt);
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, cursor.id)));
}

/** The order `afterCursor` pages through. */
export function newestFirst(createdAt: PgColumn, id: PgColumn): SQL[] {
  return [desc(createdAt), desc(id)];
}
