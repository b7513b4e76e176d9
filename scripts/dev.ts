// `pnpm dev`: the whole local stack in one process tree. A local Neon HTTP endpoint over persistent
// PGlite (.data/pglite), migrations, demo data on an empty database, then every worker in one
// `wrangler dev` on http://127.0.0.1:8787 (DEV_PORT to change).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSql } from "@frontdesk/db";
import { migrate, migrationsDirectory, readMigrations } from "@frontdesk/db/migrate";
import { resolveDatabase } from "./lib/database.ts";
import { updateDevVars } from "./lib/dev-vars.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const workerConfigs = ["wrangler.toml", "workers/chat/wrangler.toml"];
const devPort = process.env.DEV_PORT ?? "8787";

const database = await resolveDatabase({
  port: Number.parseInt(process.env.DB_PORT ?? "4444", 10),
  dataDir: process.env.PGLITE_DATA_DIR ?? join(root, ".data/pglite"),
});
console.log(`frontdesk: database ${database.description}`);

const sql = createSql({ DATABASE_URL: database.databaseUrl, NEON_HTTP_ENDPOINT: database.neonHttpEndpoint });
await migrate(sql, await readMigrations(migrationsDirectory), (line) => console.log(`frontdesk: ${line}`));

// Each worker reads the .dev.vars beside its wrangler config; the root one also holds the dev secrets.
const rootVars = join(root, ".dev.vars");
if (!existsSync(rootVars)) copyFileSync(join(root, ".dev.vars.example"), rootVars);
const databaseVars = {
  DATABASE_URL: database.databaseUrl,
  ...(database.neonHttpEndpoint ? { NEON_HTTP_ENDPOINT: database.neonHttpEndpoint } : {}),
};
for (const config of workerConfigs) updateDevVars(join(root, config, "..", ".dev.vars"), databaseVars);

const wrangler = spawn(
  join(root, "node_modules/.bin/wrangler"),
  [
    "dev",
    ...workerConfigs.flatMap((config) => ["-c", config]),
    "--ip",
    "127.0.0.1",
    "--port",
    devPort,
    "--inspector-port",
    process.env.DEV_INSPECTOR_PORT ?? "0",
    "--show-interactive-dev-session=false",
  ],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
);

wrangler.stdout.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (/Ready on/.test(text))
    console.log(`frontdesk: ready at http://127.0.0.1:${devPort} (try: curl localhost:${devPort}/health)`);
});

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  wrangler.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

wrangler.on("exit", async (code) => {
  await database.close();
  process.exit(stopping ? 0 : (code ?? 1));
});
