import type { NeonQueryFunction } from "@neondatabase/serverless";

export interface DatabaseHealth {
  status: "ok" | "error";
  latencyMs: number;
  serverVersion?: string;
  error?: string;
}

/** Runs `select 1` through the driver and reports how the database answered. */
export async function checkDatabase(sql: NeonQueryFunction<false, false>): Promise<DatabaseHealth> {
  const started = Date.now();
  try {
    const rows = (await sql.query("select 1 as ok, current_setting('server_version') as version")) as {
      ok: number;
      version: string;
    }[];
    const ok = rows[0]?.ok === 1;
    return {
      status: ok ? "ok" : "error",
      latencyMs: Date.now() - started,
      serverVersion: rows[0]?.version,
      ...(ok ? {} : { error: "select 1 returned an unexpected row" }),
    };
  } catch (error) {
    return {
      status: "error",
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
