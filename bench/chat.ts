// Chat turns through the gateway on local workerd, against the gateway's authenticated no-op route
// in the same run, and the database round trips of a turn counted at the local Neon endpoint.
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { measureLatency } from "./latency.ts";
import { knowledgeQuestions, row, sendTurn, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const stack = await startBenchStack({ withDomainWorkers: true });

try {
  const organization = await stack.organization();
  await seedDemoContent(
    createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
    organization.id,
  );
  const conversation = async () => {
    const response = await stack.call("/v1/conversations", {
      method: "POST",
      token: organization.key,
      json: { customer: { email: `bench-${crypto.randomUUID()}@example.com` } },
    });
    return ((await response.json()) as { conversation: { id: string } }).conversation.id;
  };
  let asked = 0;
  const turn = (conversationId: string) => async () => {
    const content = knowledgeQuestions[asked++ % knowledgeQuestions.length] ?? "";
    const { reply } = await sendTurn(stack, organization.key, conversationId, content);
    if (!reply?.metadata.sources.length) throw new Error("a turn was not answered from the knowledge base");
  };
  const ping = async () => {
    const response = await stack.call("/v1/ping", { token: organization.key });
    if (response.status !== 200) throw new Error(`ping answered ${response.status}`);
    await response.arrayBuffer();
  };

  // Round trips of one warm turn (its session already in the Durable Object), counted at the endpoint.
  const counted = await conversation();
  await turn(counted)();
  const turns = 20;
  const before = { ...stack.local.stats };
  for (let index = 0; index < turns; index++) await turn(counted)();
  const after = { ...stack.local.stats };
  const perTurn = (key: keyof typeof before) => ((after[key] - before[key]) / turns).toFixed(2);

  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  const results: Record<string, number> = {};
  for (const concurrency of [1, 8]) {
    // One conversation per caller: turns of one conversation are answered one at a time by design.
    const conversations = await Promise.all(Array.from({ length: concurrency }, conversation));
    let next = 0;
    const spread = () => turn(conversations[next++ % concurrency] ?? "")();
    const noop = await measureLatency(ping, seconds, concurrency);
    const chat = await measureLatency(spread, seconds, concurrency);
    console.log(row("auth + rate limit no-op (/v1/ping)", concurrency, noop));
    console.log(row("chat turn (knowledge answer)", concurrency, chat));
    results[`ratio${concurrency}`] = chat.perSecond / noop.perSecond;
  }
  console.log(
    `\nchat turns/s as a share of the no-op route: ${results.ratio1?.toFixed(2)} (1 caller), ${results.ratio8?.toFixed(2)} (8 callers)`,
  );
  console.log(
    `database round trips per warm turn: ${perTurn("requests")} (of which batched transactions ${perTurn("transactions")}; statements ${perTurn("statements")})`,
  );
} finally {
  await stack.close();
}
