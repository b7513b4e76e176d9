// Queries per second through the local Neon HTTP endpoint (unmodified driver) versus node-postgres
// directly on the same database, measured in the same run, for PGlite and (when POSTGRES_URL is set)
// a real PostgreSQL server. `pnpm bench` starts a throwaway PostgreSQL server for the second part.
import { neon, neonConfig } from "@neondatabase/serverless";
import pg from "pg";
import { startEndpointProcess } from "./endpoint-process.ts";
import { measure } from "./measure.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");

const workloads = [
  { name: "select 1", query: "select 1 as one" },
  { name: "100-row select", query: "select * from bench_rows order by id limit 100" },
];

const setupSql = [
  "drop table if exists bench_rows",
  `create table bench_rows (id int primary key, name text not null, email text not null, score numeric(10,2),
    tags text[], created_at timestamptz not null default now())`,
  `insert into bench_rows (id, name, email, score, tags)
    select i, 'Customer ' || i, 'customer' || i || '@example.com', i * 1.25, array['vip', 'web']
    from generate_series(1, 100) as i`,
];

interface Row {
  backend: string;
  workload: string;
  concurrency: number;
  endpoint: number;
  direct: number;
}

async function benchBackend(label: string, postgresUrl?: string): Promise<Row[]> {
  const server = await startEndpointProcess(postgresUrl);
  neonConfig.fetchEndpoint = server.neonHttpEndpoint;
  const sql = neon(server.databaseUrl);
  const pool = new pg.Pool({ connectionString: server.wireUrl, max: 8 });
  const rows: Row[] = [];
  try {
    for (const statement of setupSql) await sql.query(statement);
    for (const workload of workloads) {
      for (const concurrency of [1, 8]) {
        const viaEndpoint = await measure(() => sql.query(workload.query), seconds, concurrency);
        // The same extended-protocol round trip the endpoint makes, minus HTTP and JSON.
        const viaPg = await measure(
          () => pool.query({ text: workload.query, queryMode: "extended" } as pg.QueryConfig),
          seconds,
          concurrency,
        );
        rows.push({
          backend: label,
          workload: workload.name,
          concurrency,
          endpoint: viaEndpoint.perSecond,
          direct: viaPg.perSecond,
        });
      }
    }
  } finally {
    await pool.end();
    await server.stop();
  }
  return rows;
}

const results = await benchBackend("pglite (in memory)");
if (process.env.POSTGRES_URL) results.push(...(await benchBackend("postgresql server", process.env.POSTGRES_URL)));
else console.log("(POSTGRES_URL not set: real-server figures skipped; `pnpm bench` starts one)");

const format = (value: number) => value.toFixed(0).padStart(8);
console.log("\nbackend               workload         conc   endpoint q/s   node-postgres q/s   endpoint/direct");
for (const row of results) {
  console.log(
    `${row.backend.padEnd(21)} ${row.workload.padEnd(16)} ${String(row.concurrency).padStart(4)}   ${format(row.endpoint)}       ${format(row.direct)}            ${(row.endpoint / row.direct).toFixed(2)}`,
  );
}
