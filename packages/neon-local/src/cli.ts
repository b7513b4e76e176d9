import { resolve } from "node:path";
import { startNeonLocal } from "./index.ts";

const port = Number.parseInt(process.env.PORT ?? "4444", 10);
const postgresUrl = process.env.POSTGRES_URL || undefined;
const dataDir = postgresUrl ? undefined : resolve(process.env.PGLITE_DATA_DIR ?? ".data/pglite");

const local = await startNeonLocal({ port, postgresUrl, dataDir });
console.log(`DATABASE_URL=${local.databaseUrl}`);
console.log(`NEON_HTTP_ENDPOINT=${local.endpoint}`);
console.error(`neon-local: serving ${local.backend.name} (Ctrl-C to stop)`);

const stop = async () => {
  await local.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
