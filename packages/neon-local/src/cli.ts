// `pnpm db:local`: the local Neon HTTP endpoint. PORT (default 4444) picks its port, POSTGRES_URL a
// real server to front (PGlite under PGLITE_DATA_DIR, default .data/pglite, otherwise). With
// PG_WIRE_PORT set, the same database is also served over the Postgres wire protocol (psql, pg).
import { resolve } from "node:path";
import { directConnection, startNeonLocal } from "./index.ts";

const port = Number.parseInt(process.env.PORT ?? "4444", 10);
const postgresUrl = process.env.POSTGRES_URL || undefined;
// "memory://" (PGlite's own notation) keeps the database in memory.
const dataDirSetting = process.env.PGLITE_DATA_DIR || ".data/pglite";
const dataDir = postgresUrl ? undefined : dataDirSetting.includes("://") ? dataDirSetting : resolve(dataDirSetting);

const local = await startNeonLocal({ port, postgresUrl, dataDir });
const wire = process.env.PG_WIRE_PORT
  ? await directConnection(local.backend, postgresUrl, Number.parseInt(process.env.PG_WIRE_PORT, 10))
  : undefined;

console.log(`DATABASE_URL=${local.databaseUrl}`);
console.log(`NEON_HTTP_ENDPOINT=${local.endpoint}`);
if (wire) console.log(`POSTGRES_WIRE_URL=${wire.url}`);
console.error(`neon-local: serving ${local.backend.name} (Ctrl-C to stop)`);

const stop = async () => {
  await wire?.close();
  await local.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
