import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type NeonLocal, startNeonLocal } from "@frontdesk/neon-local";
import { type DatabaseSwitch, databaseSwitch } from "./database-switch.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Resolves with everything printed once the child prints a line matching `pattern`; rejects if it
 * exits first. Both pipes are read for the child's whole life: a pipe nobody reads fills up
 * (64 KiB) and then blocks the child, and with it every request the stack is serving.
 */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stderr?.resume();
    child.stdout?.on("data", (chunk: Buffer) => {
      if (output.length > 1_000_000) return;
      output += chunk.toString();
      if (pattern.test(output)) resolve(output);
    });
    child.once("exit", (code) => reject(new Error(`dev stack exited with ${code} before it was ready:\n${output}`)));
  });
}

export interface Stack {
  port: number;
  base: string;
  dataDir: string;
  database: NeonLocal;
  /** Between the stack and its database, so a test can take the database away mid-run. */
  databaseLink: DatabaseSwitch;
  /** What `pnpm dev` printed up to "ready" (the demo key, the demo staff sign-in). */
  output: string;
  stop(): Promise<void>;
}

/** `pnpm dev` as a newcomer runs it, on a fresh database and free ports. */
export async function startStack(): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), "frontdesk-e2e-"));
  const port = await freePort();
  const database = await startNeonLocal({ port: 0 });
  const databaseLink = await databaseSwitch(database.port);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEV_PORT: String(port),
    DATABASE_URL: database.databaseUrl,
    NEON_HTTP_ENDPOINT: `http://127.0.0.1:${databaseLink.port}/sql`,
    DEMO_KEY_FILE: join(dataDir, "demo-api-key"),
  };
  delete env.POSTGRES_URL;
  // Its own process group, so that the whole tree (wrangler, workerd) can be stopped at once.
  const child = spawn(process.execPath, ["scripts/dev.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output = await waitForOutput(child, /frontdesk: ready at/);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.pid) process.kill(-child.pid, "SIGINT");
      await exited;
    }
    await databaseLink.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { port, base: `http://127.0.0.1:${port}`, dataDir, database, databaseLink, output, stop };
}

/** The demo's API key, which `pnpm dev` saved for the newcomer. */
export async function demoKey(stack: Stack): Promise<string> {
  return (await readFile(join(stack.dataDir, "demo-api-key"), "utf8")).trim();
}
