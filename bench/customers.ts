// The contacts API at size: customer search over 100,000 customers against the gateway's
// authenticated no-op route in the same run, and erasing a customer with 1,000 messages against one
// UPDATE that blanks those messages (the least an erasure has to do), measured on the same database.
import { createSql } from "@frontdesk/db";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const customerCount = 100_000;
const messagesPerErasedCustomer = 1_000;
const erasures = 5;

const stack = await startBenchStack({ withDomainWorkers: true });
const sql = createSql({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

try {
  const organization = await stack.organization();
  const started = performance.now();
  await sql.query(
    `insert into customers (organization_id, name, email, phone, company, external_id, created_at)
     select $1, 'Customer ' || n, 'customer' || n || '@example.com', '+44 7700 ' || lpad(n::text, 6, '0'),
       'Company ' || (n % 500), 'crm-' || n, now() - make_interval(secs => n)
     from generate_series(1, ${customerCount}) n`,
    [organization.id],
  );
  await sql.query("analyze customers");
  console.log(`${customerCount} customers inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const get = (path: string) => async () => {
    const response = await stack.call(path, { token: organization.key });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const searches: [string, string][] = [
    ["search by name (q=Customer 4242)", `/v1/customers?q=${encodeURIComponent("Customer 4242")}`],
    ["search by email (q=customer77@)", `/v1/customers?q=${encodeURIComponent("customer77@")}`],
    ["search by phone (q=07700 012345)", `/v1/customers?q=${encodeURIComponent("7700 012345")}`],
    ["search by external id (q=crm-99999)", "/v1/customers?q=crm-99999"],
    ["list, newest first (no q)", "/v1/customers"],
  ];
  console.log("\nroute                                  conc   req/s      p50 ms   p99 ms");
  const noop = await measureLatency(get("/v1/ping"), seconds, 1);
  console.log(row("auth + rate limit no-op (/v1/ping)    ", 1, noop));
  const ratios: string[] = [];
  for (const [label, path] of searches) {
    const report = await measureLatency(get(path), seconds, 1);
    console.log(row(label.padEnd(38), 1, report));
    ratios.push(`  ${label}: p50 ${report.p50.toFixed(2)} ms, ${(report.p50 / noop.p50).toFixed(2)}x the no-op route`);
  }
  console.log(`\ncustomer search over ${customerCount} customers, p50 as a ratio to the no-op route:`);
  for (const line of ratios) console.log(line);

  // Erasure: customers with one conversation of 1,000 messages each.
  const erase: number[] = [];
  const blank: number[] = [];
  for (let index = 0; index < erasures * 2; index++) {
    const email = `erase-${index}-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const created = await stack.call("/v1/conversations", {
      method: "POST",
      token: organization.key,
      json: { customer: { email, phone: "+44 7700 900999", name: "Erase Me" } },
    });
    const { conversation } = (await created.json()) as { conversation: { id: string } };
    const [owner] = (await sql.query("select customer_id from conversations where id = $1", [conversation.id])) as {
      customer_id: string;
    }[];
    await sql.query(
      `insert into messages (organization_id, conversation_id, customer_id, role, direction, content, sent_at)
       select $1, $2, $3, case when n % 2 = 0 then 'customer' else 'assistant' end,
         case when n % 2 = 0 then 'inbound' else 'outbound' end,
         'message ' || n || ' from ${email}', now() - make_interval(secs => n)
       from generate_series(1, ${messagesPerErasedCustomer}) n`,
      [organization.id, conversation.id, owner?.customer_id],
    );
    if (index % 2 === 0) {
      const t0 = performance.now();
      const response = await stack.call(`/v1/customers/${owner?.customer_id}`, {
        method: "DELETE",
        token: organization.key,
      });
      if (response.status !== 200) throw new Error(`erasure answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      erase.push(performance.now() - t0);
    } else {
      const t0 = performance.now();
      await sql.query("update messages set content = '' where organization_id = $1 and conversation_id = $2", [
        organization.id,
        conversation.id,
      ]);
      blank.push(performance.now() - t0);
    }
  }
  console.log(
    `\nerasing a customer with ${messagesPerErasedCustomer} messages (DELETE /v1/customers/{id}, median of ${erasures}): ${median(erase).toFixed(1)} ms; one UPDATE blanking the same messages: ${median(blank).toFixed(1)} ms (${(median(erase) / median(blank)).toFixed(2)}x)`,
  );
} finally {
  await stack.close();
}
