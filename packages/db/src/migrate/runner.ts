import type { NeonQueryFunction } from "@neondatabase/serverless";
import type { MigrationFile } from "./files.ts";

type Sql = NeonQueryFunction<false, false>;

/** Held (per transaction) by every migration batch, so concurrent runs queue instead of colliding. */
const lockKey = "7283619452";

const bootstrap = `create table if not exists schema_migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

export interface AppliedMigration {
  name: string;
  checksum: string;
  appliedAt: Date;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: MigrationFile[];
  /** Applied files whose content no longer matches what was applied. */
  changed: string[];
  /** Applied migrations whose file is gone. */
  missing: string[];
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

async function ensureLedger(sql: Sql): Promise<void> {
  await sql.transaction([sql.query("select pg_advisory_xact_lock($1)", [lockKey]), sql.query(bootstrap)]);
}

async function readLedger(sql: Sql): Promise<AppliedMigration[]> {
  const rows = (await sql.query("select name, checksum, applied_at from schema_migrations order by name")) as {
    name: string;
    checksum: string;
    applied_at: Date;
  }[];
  return rows.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

/** Compares the ledger in the database with the migration files. */
export async function migrationStatus(sql: Sql, files: MigrationFile[]): Promise<MigrationStatus> {
  await ensureLedger(sql);
  const applied = await readLedger(sql);
  const byName = new Map(files.map((file) => [file.name, file]));
  const appliedNames = new Set(applied.map((migration) => migration.name));
  return {
    applied,
    pending: files.filter((file) => !appliedNames.has(file.name)),
    changed: applied
      .filter((m) => byName.has(m.name) && byName.get(m.name)?.checksum !== m.checksum)
      .map((m) => m.name),
    missing: applied.filter((m) => !byName.has(m.name)).map((m) => m.name),
  };
}

function isLedgerConflict(error: unknown): boolean {
  return (error as { code?: string }).code === "23505" && (error as { table?: string }).table === "schema_migrations";
}

/**
 * Applies pending migrations in name order, each in its own transaction together with its ledger row.
 * Refuses to start when an applied file has changed or disappeared. A second run is a no-op.
 */
export async function migrate(
  sql: Sql,
  files: MigrationFile[],
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const status = await migrationStatus(sql, files);
  if (status.changed.length > 0 || status.missing.length > 0) {
    const problems = [
      ...status.changed.map((name) => `${name} was changed after it was applied`),
      ...status.missing.map((name) => `${name} was applied but its file is gone`),
    ];
    throw new MigrationError(`refusing to migrate: ${problems.join("; ")}. Write a new migration instead.`);
  }
  if (status.pending.length === 0) {
    log(`database is up to date (${status.applied.length} migrations applied)`);
    return [];
  }
  const applied: string[] = [];
  for (const file of status.pending) {
    const started = performance.now();
    try {
      await sql.transaction([
        sql.query("select pg_advisory_xact_lock($1)", [lockKey]),
        sql.query("insert into schema_migrations (name, checksum) values ($1, $2)", [file.name, file.checksum]),
        ...file.statements.map((statement) => sql.query(statement)),
      ]);
    } catch (error) {
      if (isLedgerConflict(error)) {
        log(`${file.name}: already applied by a concurrent run`);
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`${file.name} failed and was rolled back: ${message}`);
    }
    applied.push(file.name);
    log(`applied ${file.name} (${file.statements.length} statements, ${Math.round(performance.now() - started)} ms)`);
  }
  return applied;
}
