import { randomUUID } from "node:crypto";
import { type NeonLocal, startNeonLocal } from "@frontdesk/neon-local";
import pg from "pg";
import { inject } from "vitest";

export interface FreshDatabase {
  local: NeonLocal;
  close(): Promise<void>;
}

/**
 * An empty database of the run's kind behind its own local endpoint: a new in-memory PGlite, or a
 * new database created on the real server the run uses. For tests that need a pristine schema.
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  if (inject("backendKind") === "pglite") {
    const local = await startNeonLocal({ port: 0 });
    return { local, close: () => local.close() };
  }
  const serverUrl = inject("directPostgresUrl");
  const name = `fresh_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const local = await startNeonLocal({ port: 0, postgresUrl: url.toString() });
  return {
    local,
    close: async () => {
      await local.close();
      try {
        await admin.query(`drop database ${name} with (force)`);
      } catch (error) {
        // An autovacuum worker visiting the new database belongs to the server, which our role may
        // not terminate (42501). The database is a throwaway on a throwaway server: leave it.
        if (!(error instanceof Error && "code" in error && error.code === "42501")) throw error;
      } finally {
        await admin.end();
      }
    },
  };
}
