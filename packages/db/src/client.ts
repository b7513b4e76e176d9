import { type NeonQueryFunction, neon } from "@neondatabase/serverless";
import { drizzle, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { useLocalEndpoint } from "./neon-endpoint.ts";
import * as schema from "./schema/index.ts";

/** The bindings every worker that talks to Postgres declares. */
export interface DatabaseBindings {
  /** A Neon connection string (a secret in production). */
  DATABASE_URL: string;
  /** Only for local development and tests: the local Neon HTTP endpoint to send queries to. */
  NEON_HTTP_ENDPOINT?: string;
}

export type Database = NeonHttpDatabase<typeof schema> & { $client: NeonQueryFunction<false, false> };

/** The raw Neon SQL function for a worker's bindings, routed to the local endpoint when one is bound. */
export function createSql(bindings: DatabaseBindings): NeonQueryFunction<false, false> {
  if (!bindings.DATABASE_URL) throw new Error("DATABASE_URL is not configured");
  if (bindings.NEON_HTTP_ENDPOINT) useLocalEndpoint(bindings.DATABASE_URL, bindings.NEON_HTTP_ENDPOINT);
  return neon(bindings.DATABASE_URL);
}

/** The isolate's clients, one per database: a client holds its connection string and no I/O object. */
const clients = new Map<string, Database>();

/**
 * A drizzle client over the Neon HTTP driver; call it wherever one is needed. Creating one builds
 * drizzle's relational configuration from the whole schema (about a millisecond), so the isolate
 * keeps one per database instead of building it on every call.
 * @example const db = createDb(c.env); await db.execute(sql`select 1`);
 */
export function createDb(bindings: DatabaseBindings): Database {
  const key = `${bindings.NEON_HTTP_ENDPOINT ?? ""} ${bindings.DATABASE_URL}`;
  const known = clients.get(key);
  if (known) {
    // The driver's endpoint setting is process-wide and Node tools set it too: route this host again.
    if (bindings.NEON_HTTP_ENDPOINT) useLocalEndpoint(bindings.DATABASE_URL, bindings.NEON_HTTP_ENDPOINT);
    return known;
  }
  const db = drizzle({ client: createSql(bindings), schema });
  clients.set(key, db);
  return db;
}
