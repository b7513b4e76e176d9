// Issue 19's figures: the demo's simulation suite (organization pipeline and the rentals project)
// run through the real API, a templated turn against a knowledge turn in the same run, and a chat
// turn now against a turn of the engine before stages and templates drove it (BASE_REV).
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { compareChatTurns } from "./chat-before-after.ts";
import { startBenchStack } from "./stack.ts";

const rounds = Number.parseInt(process.env.BENCH_ROUNDS ?? "15", 10);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

interface Run {
  passed: number;
  failed: number;
  results: { name: string; passed: boolean; turns: { failures: string[] }[] }[];
}

const stack = await startBenchStack({ withDomainWorkers: true });
try {
  const organization = await stack.organization();
  await seedDemoContent(
    createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
    organization.id,
  );
  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const response = await stack.call(path, { method, token: organization.key, ...(json ? { json } : {}) });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { data: projects } = await api<{ data: { id: string; name: string }[] }>("/v1/projects");
  const suites: [string, unknown][] = [
    ["organization pipeline", {}],
    ...projects.map((project): [string, unknown] => [`project ${project.name}`, { draft: { projectId: project.id } }]),
  ];
  console.log("\nsimulation suite on the demo (POST /v1/simulations/run)");
  let passed = 0;
  let total = 0;
  const suiteTimes: number[] = [];
  for (const [label, body] of suites) {
    const started = performance.now();
    const { run } = await api<{ run: Run }>("/v1/simulations/run", "POST", body);
    suiteTimes.push(performance.now() - started);
    passed += run.passed;
    total += run.passed + run.failed;
    console.log(`  ${label}: ${run.passed}/${run.passed + run.failed} cases passed`);
    for (const failed of run.results.filter((result) => !result.passed)) {
      console.log(`    failed: ${failed.name}: ${failed.turns.flatMap((turn) => turn.failures).join("; ")}`);
    }
  }
  console.log(`  pass rate ${((100 * passed) / total).toFixed(1)}% (${passed}/${total})`);

  // A turn the stage's reply template writes (asking for typed fields) against a knowledge answer.
  const start = async () =>
    (
      await api<{ conversation: { id: string } }>("/v1/conversations", "POST", {
        customer: { email: `bench-${crypto.randomUUID()}@example.com` },
      })
    ).conversation.id;
  const timeTurn = async (content: string) => {
    const id = await start();
    const started = performance.now();
    await api(`/v1/conversations/${id}/messages`, "POST", { content });
    return performance.now() - started;
  };
  const knowledge: number[] = [];
  const templated: number[] = [];
  await timeTurn("What are your opening hours?");
  for (let round = 0; round < rounds; round++) {
    knowledge.push(await timeTurn("What are your opening hours?"));
    templated.push(await timeTurn("I'd like to book a repair for my e-bike, I'm Jo Bloggs"));
  }
  console.log("\nturn cost (first turn of a new conversation, p50 of alternating rounds, same run)");
  console.log(`  knowledge answer ${median(knowledge).toFixed(2)} ms`);
  console.log(
    `  booking stage asking for typed fields ${median(templated).toFixed(2)} ms: ${(median(templated) / median(knowledge)).toFixed(2)}x`,
  );
} finally {
  await stack.close();
}

if (process.env.BENCH_SKIP_BEFORE_AFTER !== "1") {
  const baseRev = process.env.BASE_REV ?? "3411522";
  const turns = compareChatTurns(baseRev, Number.parseFloat(process.env.BENCH_SECONDS ?? "3"));
  console.log(
    `\n  a knowledge turn through the API (bench/chat.ts, median of 3 alternating runs): before (${baseRev}) ${turns.p50Before.toFixed(2)} ms, now ${turns.p50After.toFixed(2)} ms: ${(turns.p50After / turns.p50Before).toFixed(2)}x (database round trips per warm turn: ${turns.roundTripsBefore} before, ${turns.roundTripsAfter} now)`,
  );
}
