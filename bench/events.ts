// Ingestion, rollups and channel webhooks on local workerd, each against a baseline of the same run:
//  1. events/s through the gateway for batches of 1, 100 and 1,000 events, vs. one INSERT per event
//     sent straight to the database;
//  2. seconds to roll up 1,000,000 events (with their conversations and messages) over 90 days, and
//     an incremental run after one change;
//  3. webhook-to-reply latency (a signed WhatsApp delivery until the reply reached the provider),
//     vs. the same chat turn through the API and the no-op route.
import { createHmac } from "node:crypto";
import { createDb, createSql } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { startWebhookReceiver } from "../test/webhook-receiver.ts";
import { backfillRollup, runIncrementalRollup } from "../workers/events/src/rollup/run-rollup.ts";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const rollupEvents = Number.parseInt(process.env.BENCH_ROLLUP_EVENTS ?? "1000000", 10);
const provider = await startWebhookReceiver();
const stack = await startBenchStack({ withDomainWorkers: true, providerBaseUrl: provider.url });
const bindings = { DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint };
const db = createDb(bindings);
const sql = createSql(bindings);

try {
  const tenant = await stack.organization();
  let sequence = 0;
  const batch = (size: number) => ({
    events: Array.from({ length: size }, () => ({
      event: "Bench Event",
      messageId: `bench-${++sequence}`,
      anonymousId: `visitor-${sequence % 500}`,
      properties: { path: "/pricing", n: sequence },
    })),
  });

  console.log(`\n1. ingestion (${stack.local.backend.name}), ${seconds} s per row`);
  console.log("path                                events/s   requests/s   p50 ms   p99 ms");
  let insertsDone = 0;
  const single = await measureLatency(
    () =>
      sql.query(
        "insert into analytics_events (organization_id, event_type, message_id, anonymous_id, properties) values ($1, $2, $3, $4, $5)",
        [tenant.id, "Bench Event", `direct-${++insertsDone}`, "visitor", JSON.stringify({ path: "/pricing" })],
      ),
    seconds,
    1,
  );
  const line = (label: string, eventsPerRequest: number, report: { perSecond: number; p50: number; p99: number }) =>
    `${label.padEnd(34)} ${(report.perSecond * eventsPerRequest).toFixed(0).padStart(9)}   ${report.perSecond.toFixed(1).padStart(10)}  ${report.p50.toFixed(2).padStart(7)}  ${report.p99.toFixed(2).padStart(7)}`;
  console.log(line("baseline: one INSERT per event", 1, single));
  for (const size of [1, 100, 1000]) {
    const report = await measureLatency(
      () => stack.call("/v1/events", { method: "POST", token: tenant.key, json: batch(size) }),
      seconds,
      1,
    );
    console.log(
      `${line(`gateway, batches of ${size}`, size, report)}   (${((report.perSecond * size) / single.perSecond).toFixed(2)}x baseline)`,
    );
  }

  console.log(`\n2. rollup of ${rollupEvents.toLocaleString("en")} events over 90 days`);
  const rollupOrg = await stack.organization();
  const started = performance.now();
  await sql.query(
    `insert into analytics_events (organization_id, event_type, anonymous_id, message_id, occurred_at)
     select $1, (array['Page Viewed','Button Clicked','Signed Up','Order Completed'])[1 + n % 4], 'v' || (n % 1000),
       'r-' || n, timestamp '2026-01-01' + (n % 90) * interval '1 day' + (n % 86400) * interval '1 second'
     from generate_series(1, $2::int) n`,
    [rollupOrg.id, rollupEvents],
  );
  const conversations = Math.round(rollupEvents / 50);
  await sql.query(
    `with c as (insert into customers (organization_id, name) values ($1, 'Bench') returning id)
     insert into conversations (organization_id, customer_id, status, started_at, ended_at, ai_resolved, resolution_time_seconds, csat_score)
     select $1, c.id, 'closed', timestamp '2026-01-01' + (n % 90) * interval '1 day' + (n % 80000) * interval '1 second',
       timestamp '2026-01-01' + (n % 90) * interval '1 day' + (n % 80000 + 600) * interval '1 second', n % 3 <> 0, 600, 1 + n % 5
     from c, generate_series(1, $2::int) n`,
    [rollupOrg.id, conversations],
  );
  await sql.query(
    `insert into messages (organization_id, conversation_id, customer_id, role, direction, content, sent_at)
     select v.organization_id, v.id, v.customer_id, r.role, r.direction, 'hi', v.started_at + r.offset_s * interval '1 second'
     from conversations v cross join (values ('customer', 'inbound', 0), ('assistant', 'outbound', 20),
       ('customer', 'inbound', 60), ('assistant', 'outbound', 75)) r(role, direction, offset_s)
     where v.organization_id = $1`,
    [rollupOrg.id],
  );
  console.log(
    `   data: ${rollupEvents} events, ${conversations} conversations, ${conversations * 4} messages (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const backfillStarted = performance.now();
  const backfill = await backfillRollup(db, { from: "2026-01-01", to: "2026-03-31", organizationId: rollupOrg.id });
  const backfillSeconds = (performance.now() - backfillStarted) / 1000;
  console.log(`   backfill, ${backfill.days} days:                  ${backfillSeconds.toFixed(2)} s`);
  await runIncrementalRollup(db);
  await sql.query(
    "update conversations set csat_score = 5 where id = (select id from conversations where organization_id = $1 limit 1)",
    [rollupOrg.id],
  );
  const incrementalStarted = performance.now();
  // Nothing else writes during the benchmark, so no overlap is needed to catch late commits.
  const incremental = await runIncrementalRollup(db, { overlapMs: 0 });
  const incrementalSeconds = (performance.now() - incrementalStarted) / 1000;
  console.log(
    `   incremental after one change (${incremental.days} days): ${incrementalSeconds.toFixed(2)} s (${(backfillSeconds / incrementalSeconds).toFixed(0)}x faster than the backfill)`,
  );

  console.log(`\n3. webhook to reply, ${seconds} s per row`);
  const demo = await stack.organization();
  await seedDemoContent(db, demo.id);
  const appSecret = "bench-app-secret";
  const created = await stack.call("/v1/channels", {
    method: "POST",
    token: demo.key,
    json: {
      type: "whatsapp",
      name: "WhatsApp",
      config: { phoneNumberId: "555" },
      credentials: { appSecret, verifyToken: "v", accessToken: "t" },
    },
  });
  const { channel } = (await created.json()) as { channel: { id: string } };
  let delivery = 0;
  const whatsapp = async () => {
    const n = ++delivery;
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "W",
          changes: [
            {
              field: "messages",
              value: {
                contacts: [{ wa_id: `1555000${n % 20}`, profile: { name: "Bench" } }],
                messages: [
                  {
                    from: `1555000${n % 20}`,
                    id: `wamid.bench${n}`,
                    timestamp: "1",
                    type: "text",
                    text: { body: "When are you open on Saturdays?" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
    const response = await stack.call(`/webhooks/whatsapp/${channel.id}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-hub-signature-256": signature },
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  };
  const conversation = await stack.call("/v1/conversations", {
    method: "POST",
    token: demo.key,
    json: { customer: { name: "Bench" } },
  });
  const { conversation: open } = (await conversation.json()) as { conversation: { id: string } };
  const turn = () =>
    stack.call(`/v1/conversations/${open.id}/messages`, {
      method: "POST",
      token: demo.key,
      json: { content: "When are you open on Saturdays?" },
    });
  const noop = await measureLatency(() => stack.call("/v1/ping", { token: demo.key }), seconds, 1);
  const api = await measureLatency(turn, seconds, 1);
  const webhook = await measureLatency(whatsapp, seconds, 1);
  console.log("route                              conc   req/s      p50 ms   p99 ms");
  console.log(row("no-op (/v1/ping)", 1, noop));
  console.log(row("chat turn through the API", 1, api));
  console.log(row("WhatsApp webhook to sent reply", 1, webhook));
  console.log(
    `   webhook-to-reply p50 = ${(webhook.p50 / api.p50).toFixed(2)}x the API turn, ${(webhook.p50 / noop.p50).toFixed(1)}x the no-op`,
  );
} finally {
  await stack.close();
  await provider.close();
}
