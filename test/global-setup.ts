import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSql } from "@frontdesk/db";
import { migrate, migrationsDirectory, readMigrations } from "@frontdesk/db/migrate";
import { directConnection, startNeonLocal } from "@frontdesk/neon-local";
import type { TestProject } from "vitest/node";
import { buildApp } from "../scripts/build-app.ts";
import { buildWidget } from "../scripts/build-widget.ts";
import { startScriptedLlm } from "./scripted-llm.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Auxiliary workers in workerd tests run from bundles: build each domain worker once per run. */
function buildWorker(config: string, outdir: string): void {
  execFileSync(
    join(root, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--config", config, "--outdir", join(root, outdir)],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
}

/**
 * One database for the whole run: an in-memory PGlite, or the real server named by POSTGRES_URL,
 * behind the local Neon endpoint on a free loopback port, migrated before any test starts.
 */
export default async function setup(project: TestProject) {
  const postgresUrl = process.env.POSTGRES_URL || undefined;
  const local = await startNeonLocal({ port: 0, postgresUrl });
  const direct = await directConnection(local.backend, postgresUrl);
  await migrate(
    createSql({ DATABASE_URL: local.databaseUrl, NEON_HTTP_ENDPOINT: local.endpoint }),
    await readMigrations(migrationsDirectory),
  );
  // The widget the gateway serves is built from its source as it is now.
  await buildWidget();
  await buildApp();
  for (const name of ["chat", "bookings", "tools", "events", "channels"])
    buildWorker(`workers/${name}/wrangler.toml`, `.tmp/build/${name}`);
  const llm = await startScriptedLlm();
  const receiver = await startWebhookReceiver();

  project.provide("databaseUrl", local.databaseUrl);
  project.provide("neonHttpEndpoint", local.endpoint);
  project.provide("directPostgresUrl", direct.url);
  project.provide("backendKind", postgresUrl ? "postgres" : "pglite");
  project.provide("scriptedLlmUrl", llm.url);
  project.provide("webhookReceiverUrl", receiver.url);

  return async () => {
    // PGlite's Emscripten runtime resets process.exitCode when it shuts down, which would turn a
    // failed run into exit 0: keep the code vitest set.
    const exitCode = process.exitCode;
    await llm.close();
    await receiver.close();
    await direct.close();
    await local.close();
    process.exitCode = exitCode;
  };
}
