import { neonConfig } from "@neondatabase/serverless";

type FetchEndpoint = (host: string, port: number | string, options?: { jwtAuth?: boolean }) => string;

const localEndpoints = new Map<string, string>();
const neonDefault = neonConfig.fetchEndpoint;

function hostKey(host: string, port: number | string): string {
  return `${host}:${port}`;
}

const routeByHost: FetchEndpoint = (host, port, options) => {
  const local = localEndpoints.get(hostKey(host, port));
  if (local) return local;
  return typeof neonDefault === "function" ? neonDefault(host, port, options) : neonDefault;
};

/**
 * Sends the driver's queries for one connection string to a local HTTP endpoint instead of Neon.
 * The driver's endpoint setting is process-wide, so it is keyed by the connection string's host:
 * several databases (a test's, the dev stack's) can coexist, and every other host still reaches Neon.
 */
export function useLocalEndpoint(databaseUrl: string, endpoint: string): void {
  const url = new URL(databaseUrl.replace(/^postgres(ql)?:/, "http:"));
  localEndpoints.set(hostKey(url.hostname, url.port), endpoint);
  neonConfig.fetchEndpoint = routeByHost;
}
