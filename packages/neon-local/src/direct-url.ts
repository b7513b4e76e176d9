import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { PgliteBackend } from "./backends/pglite.ts";
import type { Backend } from "./types.ts";

export interface DirectConnection {
  /** A postgres:// URL node-postgres can connect to, reaching the same database as the endpoint. */
  url: string;
  close(): Promise<void>;
}

function isPglite(backend: Backend): backend is PgliteBackend {
  return "pglite" in backend;
}

/**
 * A plain Postgres wire-protocol connection to the very database an endpoint serves: the real
 * server's own URL, or PGlite exposed on a loopback socket. Tests and benchmarks use it as the
 * node-postgres baseline the endpoint is compared with.
 */
export async function directConnection(
  backend: Backend,
  postgresUrl?: string,
  wirePort = 0,
): Promise<DirectConnection> {
  if (!isPglite(backend)) {
    if (!postgresUrl) throw new Error("a real-server backend needs its postgres URL");
    return { url: postgresUrl, close: async () => {} };
  }
  const server = new PGLiteSocketServer({ db: backend.pglite, port: wirePort, host: "127.0.0.1", maxConnections: 8 });
  let port = 0;
  server.addEventListener("listening", (event) => {
    port = (event as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    close: () => server.stop(),
  };
}
