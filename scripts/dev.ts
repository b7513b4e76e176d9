// `pnpm dev`: the whole local stack in one process tree. A local Neon HTTP endpoint over persistent
// PGlite (.data/pglite), migrations, demo data on an empty database, then every worker in one
// `wrangler dev` on http://127.0.0.1:8787 (DEV_PORT to change).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, createSql } from "@frontdesk/db";
import { migrate, migrationsDirectory, readMigrations } from "@frontdesk/db/migrate";
import { isEmpty, seedDemo } from "@frontdesk/db/seed";
import { buildApp } from "./build-app.ts";
import { buildWidget } from "./build-widget.ts";
import { resolveDatabase } from "./lib/database.ts";
import { demoApiKey, demoPublishableKey } from "./lib/demo-key.ts";
import { demoStaffLogin } from "./lib/demo-staff.ts";
import { writeDevVars } from "./lib/dev-vars.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const workerConfigs = [
  "wrangler.toml",
  "workers/chat/wrangler.toml",
  "workers/bookings/wrangler.toml",
  "workers/tools/wrangler.toml",
  "workers/events/wrangler.toml",
  "workers/channels/wrangler.toml",
];
const devPort = process.env.DEV_PORT ?? "8787";

const database = await resolveDatabase({
  port: Number.parseInt(process.env.DB_PORT ?? "4444", 10),
  dataDir: process.env.PGLITE_DATA_DIR ?? join(root, ".data/pglite"),
});
console.log(`frontdesk: database ${database.description}`);

const sql = createSql({ DATABASE_URL: database.databaseUrl, NEON_HTTP_ENDPOINT: database.neonHttpEndpoint });
await migrate(sql, await readMigrations(migrationsDirectory), { log: (line) => console.log(`frontdesk: ${line}`) });
const db = createDb({ DATABASE_URL: database.databaseUrl, NEON_HTTP_ENDPOINT: database.neonHttpEndpoint });
if (await isEmpty(db)) {
  await seedDemo(db);
  console.log("frontdesk: empty database: loaded the demo organization (Northwind Cycles)");
}
const demoWidgetKey = await demoPublishableKey(sql, [`http://127.0.0.1:${devPort}`, `http://localhost:${devPort}`]);
const widget = await buildWidget();
console.log(`frontdesk: built the chat widget ${widget.version}`);
const workspace = await buildApp();
console.log(`frontdesk: built the agent workspace (${workspace.gzipBytes} bytes gzipped)`);
const demoKeyFile = process.env.DEMO_KEY_FILE ?? join(root, ".data/demo-api-key");
const demoKey = await demoApiKey(sql, demoKeyFile);
if (demoKey) console.log(`frontdesk: demo API key for Northwind Cycles (also in ${demoKeyFile}): ${demoKey}`);
const staffFile = join(dirname(demoKeyFile), "demo-staff-password");
const staff = await demoStaffLogin(sql, staffFile);
if (staff)
  console.log(
    `frontdesk: demo staff sign-in for the workspace at /app: ${staff.emails.join(" or ")} with password ${staff.password} (also in ${staffFile})`,
  );

// Secrets come from .dev.vars; the database variables of this run from a file of its own, so that
// nothing in the working tree is rewritten (a second stack, such as the e2e test's, can run beside).
const devVars = join(root, ".dev.vars");
const example = join(root, ".dev.vars.example");
const written = writeDevVars(devVars, readFileSync(example, "utf8"));
if (written.length > 0) console.log(`frontdesk: wrote fresh random ${written.join(", ")} to .dev.vars`);
const runDir = await mkdtemp(join(tmpdir(), "frontdesk-dev-"));
const databaseEnv = join(runDir, "database.env");
// The local stack talks to loopback (its database, any local receiver a developer points webhooks at).
const databaseVars = [`DATABASE_URL=${database.databaseUrl}`, "ALLOW_PRIVATE_URLS=true"];
if (demoWidgetKey) databaseVars.push(`DEMO_PUBLISHABLE_KEY=${demoWidgetKey}`);
if (database.neonHttpEndpoint) databaseVars.push(`NEON_HTTP_ENDPOINT=${database.neonHttpEndpoint}`);
await writeFile(databaseEnv, `${databaseVars.join("\n")}\n`);

// wrangler's own entry on this very Node binary: no shell shim in between to swallow signals.
const wranglerEntry = join(root, "node_modules/wrangler/bin/wrangler.js");
const wrangler = spawn(
  process.execPath,
  [
    wranglerEntry,
    "dev",
    ...workerConfigs.flatMap((config) => ["-c", config]),
    "--ip",
    "127.0.0.1",
    "--port",
    devPort,
    "--inspector-port",
    process.env.DEV_INSPECTOR_PORT ?? "0",
    "--show-interactive-dev-session=false",
    // Durable Objects (sessions, presence, rate limits) keep their state beside the database they
    // belong to: a fresh database never meets sessions left over from another one.
    "--persist-to",
    join(dirname(demoKeyFile), "wrangler-state"),
    // Later files win: every worker gets the dev secrets and this run's database.
    "--env-file",
    devVars,
    "--env-file",
    databaseEnv,
  ],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
);

wrangler.stdout.on("data", (chunk: Buffer) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (/Ready on/.test(text))
    console.log(
      `frontdesk: ready at http://127.0.0.1:${devPort}: the demo website with the chat widget at http://127.0.0.1:${devPort}/demo, the agent workspace at http://127.0.0.1:${devPort}/app, the API reference at /docs`,
    );
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
  await rm(runDir, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? 1));
});
