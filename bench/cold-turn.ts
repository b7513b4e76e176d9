// The chat worker's cold and warm turn against a base revision's (BASE_REV), alternating in one run.
// Each round starts a fresh stack with one chat build or the other and reports:
// - startup: from `new Miniflare` to ready, every worker's script evaluated (the chat script's share
//   is what a larger bundle costs every cold isolate);
// - cold turn: the first knowledge question of the stack (a new isolate's first turn: a new
//   conversation object and, once the n-grams are an asset, the isolate's first language detection);
// - warm turn: the p50 of the questions after it in the same conversation;
// - cold open: the stack's first conversation, for a customer given by phone number, as a WhatsApp
//   or SMS sender is (the isolate's first phone number: the phone data, in the script or an asset).
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { baseCheckout } from "./base-checkout.ts";
import { median } from "./measure.ts";
import { build, sendTurn, startBenchStack } from "./stack.ts";

const rounds = Number.parseInt(process.env.BENCH_ROUNDS ?? "5", 10);
const warmTurns = 20;
const questions = [
  "What are your opening hours?",
  "How much is a puncture repair?",
  "Do you take trade-ins?",
  "Is there parking near the shop?",
  "Habt ihr am Sonntag offen?",
];

interface Round {
  startupMs: number;
  openMs: number;
  coldMs: number;
  warmP50: number;
}

async function round(chatScript: string | undefined): Promise<Round> {
  const stack = await startBenchStack({ withDomainWorkers: true, ...(chatScript ? { chatScript } : {}) });
  try {
    const organization = await stack.organization();
    await seedDemoContent(
      createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
      organization.id,
    );
    const openStarted = performance.now();
    const opened = await stack.call("/v1/conversations", {
      method: "POST",
      token: organization.key,
      json: { customer: { phone: `+44 7700 900${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}` } },
    });
    const openMs = performance.now() - openStarted;
    if (opened.status !== 201) throw new Error(`opening answered ${opened.status}: ${await opened.text()}`);
    const { conversation } = (await opened.json()) as { conversation: { id: string } };
    const ask = async (content: string) => {
      const started = performance.now();
      await sendTurn(stack, organization.key, conversation.id, content);
      return performance.now() - started;
    };
    const coldMs = await ask(questions[0] ?? "");
    const warm: number[] = [];
    for (let turn = 1; turn <= warmTurns; turn++) warm.push(await ask(questions[turn % questions.length] ?? ""));
    return { startupMs: stack.startupMs, openMs, coldMs, warmP50: median(warm) };
  } finally {
    await stack.close();
  }
}

const baseRev = process.env.BASE_REV;
const baseScript = baseRev
  ? build("workers/chat/wrangler.toml", ".tmp/bench/chat-base", baseCheckout(baseRev))
  : undefined;
const before: Round[] = [];
const after: Round[] = [];
for (let index = 0; index < rounds; index++) {
  if (baseScript) before.push(await round(baseScript));
  after.push(await round(undefined));
}

const figure = (runs: Round[], key: keyof Round) => median(runs.map((run) => run[key]));
console.log(`\nchat worker, ${rounds} alternating rounds (medians, ms)${baseRev ? `; before = ${baseRev}` : ""}`);
console.log("measure              before     after   after/before");
for (const [label, key] of [
  ["stack startup", "startupMs"],
  ["cold open (phone)", "openMs"],
  ["cold turn", "coldMs"],
  ["warm turn p50", "warmP50"],
] as const) {
  const [b, a] = [figure(before, key), figure(after, key)];
  console.log(
    `${label.padEnd(18)} ${b.toFixed(1).padStart(8)}  ${a.toFixed(1).padStart(8)}   ${(a / b).toFixed(2).padStart(8)}x`,
  );
}
