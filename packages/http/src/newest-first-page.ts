import { afterCursor, type Database, newestFirst } from "@frontdesk/db";
import { and, eq, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { decodeCursor, page } from "./pagination.ts";

type ListTable = PgTable & { id: PgColumn; organizationId: PgColumn; createdAt: PgColumn };

/**
 * One page of an organization's rows, newest first, after the query's cursor, narrowed by
 * `filters` (undefined ones are ignored): the body of every list route.
 */
export async function newestFirstPage<T extends ListTable>(
  db: Database,
  table: T,
  organizationId: string,
  query: { limit: number; cursor?: string | undefined },
  ...filters: (SQL | undefined)[]
) {
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(
      and(
        eq(table.organizationId, organizationId),
        ...filters,
        afterCursor(table.createdAt, table.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(...newestFirst(table.createdAt, table.id))
    .limit(query.limit + 1)) as (InferSelectModel<T> & { id: string; createdAt: Date })[];
  return page(rows, query.limit);
}
