import type { Database } from "@frontdesk/db";
import { and, eq, type SQL } from "drizzle-orm";
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
