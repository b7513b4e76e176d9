import { createSql } from "../client.ts";
import { migrationsDirectory, readMigrations } from "./index.ts";
import { MigrationError, migrate, migrationStatus } from "./runner.ts";

const command = process.argv[2];
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (locally, start `pnpm db:local` and export the two lines it prints).");
  process.exit(2);
}
const sql = createSql({ DATABASE_URL: databaseUrl, NEON_HTTP_ENDPOINT: process.env.NEON_HTTP_ENDPOINT || undefined });
const files = await readMigrations(migrationsDirectory);

try {
  if (command === "migrate") {
    const applied = await migrate(sql, files, { log: (line) => console.log(line) });
    if (applied.length > 0) console.log(`done: ${applied.length} migration(s) applied`);
  } else if (command === "status") {
    const status = await migrationStatus(sql, files);
    for (const migration of status.applied) {
      const note = status.changed.includes(migration.name)
        ? "  CHANGED SINCE APPLIED"
        : status.missing.includes(migration.name)
          ? "  FILE MISSING"
          : "";
      console.log(`applied  ${migration.name}  ${migration.appliedAt.toISOString()}${note}`);
    }
    for (const file of status.pending) console.log(`pending  ${file.name}`);
    if (status.changed.length > 0 || status.missing.length > 0) process.exitCode = 1;
  } else {
    console.error("usage: cli.ts migrate|status");
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exitCode = 1;
}
