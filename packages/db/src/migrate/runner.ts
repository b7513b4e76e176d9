import type { NeonQueryFunction } from "@neondatabase/serverless";
import type { MigrationFile } from "./files.ts";

type Sql = NeonQueryFunction<false, false>;

/** Held (per transaction) by every migration batch, so concurrent runs queue instead of colliding. */
const lockKey = "7283619452";

export interface MigrateOptions {
  log?: (line: string) => void;
  /** The ledger table; tests use their own so they never touch the real one. */
  ledger?: string;
}

const defaultLedger = "schema_migrations";

function ledgerName(options: MigrateOptions): string {
  const name = options.ledger ?? defaultLedger;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new MigrationError(`invalid ledger table name: ${name}`);
  return name;
}

const bootstrap = (ledger: string) => `create table if not exists ${ledger} (
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

async function ensureLedger(sql: Sql, ledger: string): Promise<void> {
  await sql.transaction([sql.query("select pg_advisory_xact_lock($1)", [lockKey]), sql.query(bootstrap(ledger))]);
}

async function readLedger(sql: Sql, ledger: string): Promise<AppliedMigration[]> {
  const rows = (await sql.query(`select name, checksum, applied_at from ${ledger} order by name`)) as {
    name: string;
    checksum: string;
    applied_at: Date;
  }[];
  return rows.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

/** Compares the ledger in the database with the migration files. */
export async function migrationStatus(
  sql: Sql,
  files: MigrationFile[],
  options: MigrateOptions = {},
): Promise<MigrationStatus> {
  const ledger = ledgerName(options);
  await ensureLedger(sql, ledger);
  const applied = await readLedger(sql, ledger);
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

function isLedgerConflict(error: unknown, ledger: string): boolean {
  return (error as { code?: string }).code === "23505" && (error as { table?: string }).table === ledger;
}

/**
 * Applies pending migrations in name order, each in its own transaction together with its ledger row.
 * Refuses to start when an applied file has changed or disappeared. A second run is a no-op.
 */
export async function migrate(sql: Sql, files: MigrationFile[], options: MigrateOptions = {}): Promise<string[]> {
  const ledger = ledgerName(options);
  const log = options.log ?? (() => {});
  const status = await migrationStatus(sql, files, options);
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
        sql.query(`insert into ${ledger} (name, checksum) values ($1, $2)`, [file.name, file.checksum]),
        ...file.statements.map((statement) => sql.query(statement)),
      ]);
    } catch (error) {
      if (isLedgerConflict(error, ledger)) {
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
