import type { Database } from "@frontdesk/db";
import { and, eq, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { ProblemError } from "./problem.ts";

type TenantTable = PgTable & { id: PgColumn; organizationId: PgColumn };

/** `id = $1 and organization_id = $2`: how every route with an id reaches a row, never another tenant's. */
export function ownedBy(table: TenantTable, id: string, organizationId: string): SQL | undefined {
  return and(eq(table.id, id), eq(table.organizationId, organizationId));
}

/** 404 unless the organization owns the row, checked before a write so a miss writes no audit row either. */
export async function assertOwned(
  db: Database,
  table: TenantTable,
  id: string,
  organizationId: string,
  what: string,
): Promise<void> {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(ownedBy(table, id, organizationId));
  if (!row) throw new ProblemError("not-found", `No such ${what} in this organization.`);
}

/** The organization's row with this id, or a 404 naming what was asked for ("knowledge suggestion"). */
export async function findOwned<T extends TenantTable>(
  db: Database,
  table: T,
  id: string,
  organizationId: string,
  what: string,
): Promise<InferSelectModel<T>> {
  const [row] = (await db
    .select()
    .from(table as PgTable)
    .where(ownedBy(table, id, organizationId))) as InferSelectModel<T>[];
  if (!row) throw new ProblemError("not-found", `No such ${what} in this organization.`);
  return row;
}

/**
 * A decision needs its row undecided ("pending", "applied"): one already decided answers 409
 * (`invalid-transition`), so deciding twice never happens, whoever clicked first.
 */
export function undecided<R extends { status: string }>(row: R, status: R["status"], what: string): R {
  if (row.status !== status) throw new ProblemError("invalid-transition", `This ${what} was already ${row.status}.`);
  return row;
}
