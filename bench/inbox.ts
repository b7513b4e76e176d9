// The agent inbox at size: its queues and search over 50,000 conversations (5,000 open, 500 waiting)
// of one organization, against the gateway's authenticated no-op route in the same run.
import { createSql } from "@frontdesk/db";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const conversations = 50_000;

const stack = await startBenchStack({ withDomainWorkers: true });
const sql = createSql({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });

try {
  const organization = await stack.organization();
  const started = performance.now();
  await sql.query(
    `insert into customers (organization_id, name, email, phone, created_at)
     select $1, 'Customer ' || n, 'customer' || n || '@example.com', '+44 7700 ' || lpad(n::text, 6, '0'),
       now() - make_interval(secs => n)
     from generate_series(1, ${conversations}) n`,
    [organization.id],
  );
  // Every tenth conversation is open, every hundredth waiting for a person; each has one message.
  await sql.query(
    `insert into conversations (organization_id, customer_id, status, started_at, last_message_at, ended_at, message_count)
     select c.organization_id, c.id,
       case when n % 100 = 0 then 'waiting' when n % 10 = 0 then 'active' else 'closed' end,
       c.created_at, c.created_at + interval '1 minute',
       case when n % 10 = 0 then null else c.created_at + interval '5 minutes' end, 1
     from (select *, row_number() over (order by created_at) as n from customers where organization_id = $1) c`,
    [organization.id],
  );
  await sql.query(
    `insert into messages (organization_id, conversation_id, customer_id, role, direction, content, sent_at)
     select organization_id, id, customer_id, 'customer', 'inbound', 'Do you fix punctures?', last_message_at
     from conversations where organization_id = $1`,
    [organization.id],
  );
  for (const table of ["customers", "conversations", "messages"]) await sql.query(`analyze ${table}`);
  console.log(`${conversations} conversations inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const get = (path: string) => async () => {
    const response = await stack.call(path, { token: organization.key });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const pages: [string, string][] = [
    ["open queue, first 50", "/v1/inbox?queue=open&limit=50"],
    ["waiting queue, first 50", "/v1/inbox?queue=waiting&limit=50"],
    ["closed queue, first 50", "/v1/inbox?queue=closed&limit=50"],
    ["search a customer (q=Customer 4242)", `/v1/inbox?queue=closed&q=${encodeURIComponent("Customer 4242")}`],
  ];
  console.log("\nroute                                  conc   req/s      p50 ms   p99 ms");
  const noop = await measureLatency(get("/v1/ping"), seconds, 1);
  console.log(row("auth + rate limit no-op (/v1/ping)    ", 1, noop));
  const ratios: string[] = [];
  for (const [label, path] of pages) {
    const report = await measureLatency(get(path), seconds, 1);
    console.log(row(label.padEnd(38), 1, report));
    ratios.push(`  ${label}: p50 ${report.p50.toFixed(2)} ms, ${(report.p50 / noop.p50).toFixed(2)}x the no-op route`);
  }
  console.log(`\nthe inbox over ${conversations} conversations, p50 as a ratio to the no-op route:`);
  for (const line of ratios) console.log(line);
} finally {
  await stack.close();
}
