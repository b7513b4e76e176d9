// `pnpm bench:load`: 32 customers at once, each opening a conversation and sending 5 messages
// through the whole stack (gateway, chat and the domain workers in workerd, PGlite behind the local
// Neon endpoint), for at most 90 s. Prints messages/s, p50/p99 per message, the 5xx count, and the
// messages lost or stored twice (read back from the database afterwards; both must be 0), beside
// the bare /livez route measured in the same run. Exits 1 on a 5xx, a lost or a duplicated message.
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { sql } from "drizzle-orm";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const customers = Number.parseInt(process.env.LOAD_CUSTOMERS ?? "32", 10);
const messagesEach = Number.parseInt(process.env.LOAD_MESSAGES ?? "5", 10);
const budgetMs = 90_000;
const questions = [
  "What are your opening hours?",
  "Do you take trade-ins?",
  "How much is a basic service?",
  "Do you sell gift cards?",
  "Can I book a repair for Saturday?",
];

const stack = await startBenchStack({ withDomainWorkers: true });
let failed = false;
try {
  const organization = await stack.organization();
  const db = createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });
  await seedDemoContent(db, organization.id);
  const baseline = await measureLatency(() => stack.call("/livez").then((r) => r.arrayBuffer()), 2, customers);

  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const sent = new Map<string, string[]>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const started = performance.now();
  const deadline = started + budgetMs;
  await Promise.all(
    Array.from({ length: customers }, async (_, n) => {
      const opened = await stack.call("/v1/conversations", {
        method: "POST",
        token: organization.key,
        json: { customer: { name: `Load ${n}`, externalId: `load-${n}` } },
      });
      count(opened.status);
      if (opened.status !== 201) return;
      const { conversation } = (await opened.json()) as { conversation: { id: string } };
      const mine: string[] = [];
      sent.set(conversation.id, mine);
      for (let m = 0; m < messagesEach && performance.now() < deadline; m++) {
        const content = `${questions[(n + m) % questions.length]} (#${n}.${m})`;
        const t0 = performance.now();
        const response = await stack.call(`/v1/conversations/${conversation.id}/messages`, {
          method: "POST",
          token: organization.key,
          json: { content },
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        count(response.status);
        if (response.ok) mine.push(content);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const load = { requests: latencies.length, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };

  // What the database holds: every accepted message exactly once, each with the assistant's turn.
  const stored = await db.execute<{ conversation_id: string; content: string; n: number }>(sql`
    select conversation_id::text, content, count(*)::int as n from messages
    where organization_id = ${organization.id} and role = 'customer'
    group by conversation_id, content`);
  const held = new Map(stored.rows.map((r) => [`${r.conversation_id}\n${r.content}`, r.n]));
  let lost = 0;
  let duplicated = 0;
  for (const [conversationId, contents] of sent) {
    for (const content of contents) {
      const n = held.get(`${conversationId}\n${content}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
  }
  const unexpected = stored.rows.filter((r) => !sent.get(r.conversation_id)?.includes(r.content)).length;
  const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);

  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  console.log(row("GET /livez (baseline)", customers, baseline));
  console.log(row("customer message -> reply", customers, load));
  console.log(
    `\n${customers} customers x ${messagesEach} messages in ${seconds.toFixed(1)} s (budget ${budgetMs / 1000} s): ${load.perSecond.toFixed(1)} messages/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms (p50 ${(load.p50 / baseline.p50).toFixed(1)}x the bare route's)`,
  );
  console.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}; 5xx: ${serverErrors}`);
  console.log(
    `messages accepted: ${[...sent.values()].reduce((sum, list) => sum + list.length, 0)}; lost: ${lost}; stored twice: ${duplicated}; stored but never accepted: ${unexpected}`,
  );
  failed = serverErrors > 0 || lost > 0 || duplicated > 0 || unexpected > 0;
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
