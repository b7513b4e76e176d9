import { afterCursor, type Database, newestFirst } from "@frontdesk/db";
import { and, eq, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { decodeCursor, page } from "./pagination.ts";

type ListTable = PgTable & { id: PgColumn; organizationId: PgColumn; createdAt: PgColumn };

/** A list route's query: the page it asks for and the filters it may set. */
type ListQuery = { limit: number; cursor?: string | undefined };

/**
 * How each optional filter of a list's query narrows it, declared once per route: a column (rows
 * whose column equals the value) or the condition the value makes. A filter left out of the query
 * narrows nothing.
 */
export type ListFilters<Q extends ListQuery> = {
  [K in Exclude<keyof Q, keyof ListQuery>]?: PgColumn | ((value: NonNullable<Q[K]>) => SQL | undefined);
};

/** The conditions a query's filters make under their declaration (those not in the query make none). */
export function listConditions<Q extends ListQuery>(query: Q, filters: ListFilters<Q>): SQL[] {
  const values = new Map<string, unknown>(Object.entries(query));
  // Each declared key is one of the query's own (ListFilters' keys are Q's), so its value fits its filter.
  const declared = Object.entries(filters) as [string, PgColumn | ((value: unknown) => SQL | undefined) | undefined][];
  const conditions: SQL[] = [];
  for (const [key, filter] of declared) {
    const value = values.get(key);
    if (filter === undefined || value === undefined || value === null) continue;
    const condition = typeof filter === "function" ? filter(value) : eq(filter, value);
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/**
 * One page of an organization's rows, newest first, after the query's cursor, narrowed by the
 * query's declared `filters` and by `always` (conditions of the caller, not of the query): the body
 * of every list route.
 */
export async function newestFirstPage<T extends ListTable, Q extends ListQuery>(
  db: Database,
  table: T,
  organizationId: string,
  query: Q,
  filters: ListFilters<Q> = {},
  ...always: (SQL | undefined)[]
) {
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(
      and(
        eq(table.organizationId, organizationId),
        ...listConditions(query, filters),
        ...always,
        afterCursor(table.createdAt, table.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(...newestFirst(table.createdAt, table.id))
    .limit(query.limit + 1)) as (InferSelectModel<T> & { id: string; createdAt: Date })[];
  return page(rows, query.limit);
}
