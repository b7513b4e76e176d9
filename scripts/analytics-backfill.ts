// `pnpm analytics:backfill --from 2026-01-01 --to 2026-03-31 [--organization <uuid>]`: recomputes the
// daily analytics (and event counts) of every day in the range, for one organization or all, with a
// progress bar. Works on DATABASE_URL (+ NEON_HTTP_ENDPOINT) when set, else on the local database.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb, createSql } from "@frontdesk/db";
import { migrate, migrationsDirectory, readMigrations } from "@frontdesk/db/migrate";
import { SingleBar } from "cli-progress";
import { backfillRollup } from "../workers/events/src/rollup/run-rollup.ts";
import { resolveDatabase } from "./lib/database.ts";

const usage = "usage: pnpm analytics:backfill --from YYYY-MM-DD --to YYYY-MM-DD [--organization <uuid>]";
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" }, organization: { type: "string" } },
});
if (!values.from || !values.to || !isoDate.test(values.from) || !isoDate.test(values.to) || values.from > values.to) {
  console.error(usage);
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const database = await resolveDatabase({
  port: Number.parseInt(process.env.DB_PORT ?? "4444", 10),
  dataDir: process.env.PGLITE_DATA_DIR ?? join(root, ".data/pglite"),
});
const bar = new SingleBar({
  format: "analytics backfill [{bar}] {percentage}% | {value}/{total} organization-days | {duration}s",
  hideCursor: true,
});
try {
  const bindings = { DATABASE_URL: database.databaseUrl, NEON_HTTP_ENDPOINT: database.neonHttpEndpoint };
  // A no-op on a current database; a fresh local one gets its tables first.
  await migrate(createSql(bindings), await readMigrations(migrationsDirectory));
  const started = performance.now();
  const summary = await backfillRollup(createDb(bindings), {
    from: values.from,
    to: values.to,
    organizationId: values.organization,
    onProgress: (done, total) => {
      if (done === 0) bar.start(total, 0);
      else bar.update(done);
    },
  });
  bar.stop();
  console.log(
    `recomputed ${summary.days} organization-days from ${values.from} to ${values.to} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await database.close();
}
