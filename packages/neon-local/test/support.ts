import { neon, neonConfig } from "@neondatabase/serverless";
import pg from "pg";
import { inject } from "vitest";

/** The unmodified Neon driver, pointed at the run's local endpoint through its documented setting. */
export function driver() {
  neonConfig.fetchEndpoint = inject("neonHttpEndpoint");
  return neon(inject("databaseUrl"));
}

/** node-postgres on the very same database: the oracle the endpoint's answers are compared with. */
export async function directClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject("directPostgresUrl") });
  await client.connect();
  return client;
}

/** Posts a raw body to the endpoint, as the driver would, with its three standard headers. */
export function post(body: string, headers: Record<string, string> = {}, path = "/sql"): Promise<Response> {
  const url = new URL(path, inject("neonHttpEndpoint"));
  return fetch(url, {
    method: "POST",
    body,
    headers: {
      "Neon-Connection-String": inject("databaseUrl"),
      "Neon-Raw-Text-Output": "true",
      "Neon-Array-Mode": "true",
      ...headers,
    },
  });
}
