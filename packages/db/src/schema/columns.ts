import { sql } from "drizzle-orm";
import { customType, type PgColumn, timestamp, uuid } from "drizzle-orm/pg-core";

/** The primary key every table has. */
export const id = () => uuid("id").primaryKey().defaultRandom();

/** The tenant column of every tenant-owned table. */
export const organizationId = () => uuid("organization_id").notNull();

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Kept current by the set_updated_at() trigger on every table that has it. */
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** A generated full-text column: read-only for the application. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** `lower(column)`, for case-insensitive unique indexes. */
export const lower = (column: PgColumn) => sql`lower(${column})`;

/** `column in ('a', 'b')`, for check constraints over a closed set of values. */
export const oneOf = (column: PgColumn, values: readonly string[]) =>
  sql`${column} in (${sql.join(
    values.map((value) => sql.raw(`'${value.replaceAll("'", "''")}'`)),
    sql`, `,
  )})`;
