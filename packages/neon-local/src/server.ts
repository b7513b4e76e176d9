import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PostgresError } from "./postgres-error.ts";
import { ProtocolError, parseSqlRequest, type SqlRequest } from "./request.ts";
import { formatResult } from "./response.ts";
import type { Backend } from "./types.ts";

/** Neon's proxy refuses request bodies over 10 MB; so does this endpoint. */
export const maxRequestBytes = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Names a browser page on another site could not reach us under: only loopback hosts (no DNS rebinding). */
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/**
 * Why a request is refused before any SQL runs, or undefined. The endpoint is for the workers and
 * tools of this machine only: no browser page (no CORS at all, and a request with an Origin is
 * refused), no other host name, and only the password it was started with.
 */
function refusal(
  req: IncomingMessage,
  password: string,
): { status: number; message: string; code?: string } | undefined {
  if (req.headers.origin !== undefined || req.method === "OPTIONS")
    return { status: 403, message: "browser requests are not served" };
  if (!loopbackHost.test(req.headers.host ?? ""))
    return { status: 403, message: "only loopback host names are served" };
  const connectionString = req.headers["neon-connection-string"];
  if (typeof connectionString !== "string" || !URL.canParse(connectionString)) return undefined;
  const given = decodeURIComponent(new URL(connectionString).password);
  const expected = Buffer.from(password);
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { status: 400, message: "password authentication failed for user", code: "28P01" };
  return undefined;
}

/** Reads the whole body; an oversized one is drained (so the client can read the answer) and refused. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxRequestBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxRequestBytes) reject(new ProtocolError(`request body exceeds ${maxRequestBytes} bytes`, 413));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

async function execute(backend: Backend, request: SqlRequest) {
  if (request.kind === "query") return formatResult(await backend.query(request.statement), request.output);
  const results = request.statements.length === 0 ? [] : await backend.transaction(request.statements, request.options);
  return { results: results.map((result) => formatResult(result, request.output)) };
}

/** What the endpoint has served: each request is one database round trip of the driver. */
export interface EndpointStats {
  requests: number;
  /** Requests that were a batch (a transaction of several statements). */
  transactions: number;
  statements: number;
}

/**
 * One SQL request's moments (`performance.now()` of this process): arrived, its statements began
 * (body read and parsed), they ended, and the answer was sent. A benchmark that sends the requests
 * from the same process can tell the database's share of a round trip from the caller's.
 */
export interface RequestTiming {
  receivedAt: number;
  startedAt: number;
  endedAt: number;
  answeredAt: number;
}

async function handle(
  backend: Backend,
  stats: EndpointStats,
  req: IncomingMessage,
  res: ServerResponse,
  options: { log: (line: string) => void; password: string; moments?: Partial<RequestTiming> },
) {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  const refused = refusal(req, options.password);
  if (refused) {
    req.resume();
    const { status, ...body } = refused;
    return send(res, status, { severity: "FATAL", ...body });
  }
  // Local diagnostics (benchmarks count round trips per chat turn here); not part of Neon's protocol.
  if (path === "/stats" && req.method === "GET") return send(res, 200, stats);
  if (path !== "/sql") return send(res, 404, { message: `no route for ${path}; POST to /sql` });
  if (req.method !== "POST") return send(res, 405, { message: "use POST" });
  try {
    const request = parseSqlRequest(req.headers, await readBody(req));
    stats.requests += 1;
    if (request.kind === "query") stats.statements += 1;
    else {
      stats.transactions += 1;
      stats.statements += request.statements.length;
    }
    if (options.moments) options.moments.startedAt = performance.now();
    const result = await execute(backend, request);
    if (options.moments) options.moments.endedAt = performance.now();
    send(res, 200, result);
  } catch (error) {
    if (error instanceof PostgresError) return send(res, 400, error.toJSON());
    if (error instanceof ProtocolError) return send(res, error.status, { message: error.message });
    options.log(
      `neon-local: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    send(res, 500, { message: "internal error in the local Neon endpoint" });
  }
}

export interface NeonHttpServer {
  server: Server;
  port: number;
  /** The URL to hand the driver as `neonConfig.fetchEndpoint`. */
  endpoint: string;
  /** Counts since the server started (also at GET /stats). */
  stats: EndpointStats;
  close(): Promise<void>;
}

export interface ListenOptions {
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** The password every request's connection string must carry. */
  password: string;
  /** Told the moments of each SQL request that ran (for benchmarks); unset, nothing is timed. */
  onTiming?: (timing: RequestTiming) => void;
}

/** Serves the Neon HTTP SQL protocol for a backend on a loopback port (0 picks a free one). */
export async function listenNeonHttp(backend: Backend, options: ListenOptions): Promise<NeonHttpServer> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line: string) => console.error(line));
  const stats: EndpointStats = { requests: 0, transactions: 0, statements: 0 };
  const { onTiming } = options;
  const server = createServer((req, res) => {
    const moments: Partial<RequestTiming> | undefined = onTiming && { receivedAt: performance.now() };
    if (onTiming && moments)
      res.on("finish", () => {
        const { receivedAt, startedAt, endedAt } = moments;
        if (receivedAt !== undefined && startedAt !== undefined && endedAt !== undefined)
          onTiming({ receivedAt, startedAt, endedAt, answeredAt: performance.now() });
      });
    handle(backend, stats, req, res, { log, password: options.password, moments }).catch((error: unknown) => {
      log(`neon-local: failed to answer: ${String(error)}`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    endpoint: `http://${host}:${port}/sql`,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
