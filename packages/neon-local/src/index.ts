import { randomBytes } from "node:crypto";
import { createPgliteBackend } from "./backends/pglite.ts";
import { createPostgresBackend } from "./backends/postgres.ts";
import { listenNeonHttp, type NeonHttpServer, type RequestTiming } from "./server.ts";
import type { Backend } from "./types.ts";

export { createPgliteBackend } from "./backends/pglite.ts";
export { createPostgresBackend } from "./backends/postgres.ts";
export { errorFieldNames, PostgresError } from "./postgres-error.ts";
export {
  type EndpointStats,
  listenNeonHttp,
  maxRequestBytes,
  type NeonHttpServer,
  type RequestTiming,
} from "./server.ts";
export type { Backend, FieldDescriptor, Statement, TextResult, TransactionOptions } from "./types.ts";

export interface NeonLocalOptions {
  port?: number;
  /** A real PostgreSQL server to front; without it, an embedded PGlite database is used. */
  postgresUrl?: string;
  /** Where PGlite keeps its files; omitted means in memory. Ignored with `postgresUrl`. */
  dataDir?: string;
  log?: (line: string) => void;
  /** The password the connection string must carry; a random one when omitted. */
  password?: string;
  /** `statement_timeout` of every connection (60 s by default); enforced by PostgreSQL, not by PGlite. */
  statementTimeoutMs?: number;
  /** Told the moments of each SQL request that ran (benchmarks time a chat turn's segments with it). */
  onTiming?: (timing: RequestTiming) => void;
}

export interface NeonLocal extends NeonHttpServer {
  backend: Backend;
  /** A connection string for the driver; its host is never contacted, the endpoint is. */
  databaseUrl: string;
}

/** Starts the local Neon HTTP endpoint over PGlite or a real PostgreSQL server. */
export async function startNeonLocal(options: NeonLocalOptions = {}): Promise<NeonLocal> {
  const statementTimeoutMs = options.statementTimeoutMs ?? defaultStatementTimeoutMs();
  const backend = options.postgresUrl
    ? createPostgresBackend({ connectionString: options.postgresUrl, statementTimeoutMs })
    : await createPgliteBackend({ dataDir: options.dataDir, statementTimeoutMs });
  const password = options.password ?? randomBytes(18).toString("base64url");
  const http = await listenNeonHttp(backend, {
    port: options.port,
    log: options.log,
    password,
    ...(options.onTiming ? { onTiming: options.onTiming } : {}),
  });
  return {
    ...http,
    backend,
    databaseUrl: localDatabaseUrl(http.port, password),
    close: async () => {
      await http.close();
      await backend.close();
    },
  };
}

/** The DATABASE_URL that pairs with a local endpoint: the driver needs a well-formed URL, and this one names where it points. */
export function localDatabaseUrl(port: number, password: string): string {
  return `postgresql://frontdesk:${encodeURIComponent(password)}@127.0.0.1:${port}/frontdesk`;
}

const defaultStatementTimeoutMs = () => {
  const configured = Number.parseInt(process.env.NEON_LOCAL_STATEMENT_TIMEOUT_MS ?? "", 10);
  return Number.isFinite(configured) && configured > 0 ? configured : 60_000;
};

export type { PgliteBackend } from "./backends/pglite.ts";
export { type DirectConnection, directConnection } from "./direct-url.ts";
