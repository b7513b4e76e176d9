import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface EndpointProcess {
  databaseUrl: string;
  neonHttpEndpoint: string;
  /** node-postgres URL of the same database (PGlite served over the wire by the same process). */
  wireUrl: string;
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL("../packages/neon-local/src/cli.ts", import.meta.url));

/**
 * Starts `db:local` as a separate process, as the dev stack runs it: the client (driver or
 * node-postgres) and the server then do not share one event loop, which would skew the comparison.
 */
export function startEndpointProcess(postgresUrl?: string): Promise<EndpointProcess> {
  const env = {
    ...process.env,
    PORT: "0",
    PG_WIRE_PORT: "0",
    POSTGRES_URL: postgresUrl ?? "",
    PGLITE_DATA_DIR: "memory://",
  };
  const child: ChildProcess = spawn(process.execPath, [cli], { env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.once("exit", (code) => reject(new Error(`db:local exited with ${code}: ${output}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const values = Object.fromEntries(output.split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
      if (values.DATABASE_URL && values.NEON_HTTP_ENDPOINT && values.POSTGRES_WIRE_URL) {
        resolve({
          databaseUrl: values.DATABASE_URL,
          neonHttpEndpoint: values.NEON_HTTP_ENDPOINT,
          wireUrl: values.POSTGRES_WIRE_URL,
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners("exit");
              child.once("exit", () => done());
              child.kill("SIGTERM");
            }),
        });
      }
    });
  });
}
