// Where a knowledge turn's time goes, this chat worker against a base revision's (BASE_REV,
// 293cca3 by default: before the ranking work), alternating in one run on the same stack (gateway,
// schema, local endpoint). The local endpoint runs in this process, so its moments and the
// client's share one clock: each warm turn splits into the time before its retrieval statement
// reaches the database, the statement's execution, the time between the two statements (the
// answer travelling back, ranking, the reply, building the write), the write's execution, and the
// time after it until the client has the reply (the session's own storage, the way back through
// the chat worker and the gateway). Medians per round, then the median of the rounds.

import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import type { RequestTiming } from "@frontdesk/neon-local";
import { baseCheckout } from "./base-checkout.ts";
import { median } from "./measure.ts";
import { build, knowledgeQuestions, sendTurn, startBenchStack } from "./stack.ts";

const rounds = Number.parseInt(process.env.BENCH_ROUNDS ?? "3", 10);
const turns = Number.parseInt(process.env.BENCH_TURNS ?? "200", 10);
const baseRev = process.env.BASE_REV ?? "293cca3";

const segments = [
  "before the retrieval statement",
  "retrieval: request read",
  "retrieval: execution",
  "retrieval: answer sent",
  "between the statements",
  "write: request read",
  "write: execution",
  "write: answer sent",
  "after the write",
  "whole turn",
] as const;
type Segment = (typeof segments)[number];

/** One turn's segments from the client's send and receive and the endpoint's two requests. */
function split(
  sent: number,
  received: number,
  [retrieval, write]: RequestTiming[],
): Record<Segment, number> | undefined {
  if (!retrieval || !write) return undefined;
  return {
    "before the retrieval statement": retrieval.receivedAt - sent,
    "retrieval: request read": retrieval.startedAt - retrieval.receivedAt,
    "retrieval: execution": retrieval.endedAt - retrieval.startedAt,
    "retrieval: answer sent": retrieval.answeredAt - retrieval.endedAt,
    "between the statements": write.receivedAt - retrieval.answeredAt,
    "write: request read": write.startedAt - write.receivedAt,
    "write: execution": write.endedAt - write.startedAt,
    "write: answer sent": write.answeredAt - write.endedAt,
    "after the write": received - write.answeredAt,
    "whole turn": received - sent,
  };
}

async function round(chatScript: string | undefined): Promise<Record<Segment, number>> {
  let requests: RequestTiming[] = [];
  const stack = await startBenchStack({
    withDomainWorkers: true,
    ...(chatScript ? { chatScript } : {}),
    onDatabaseTiming: (timing) => requests.push(timing),
  });
  try {
    const organization = await stack.organization();
    await seedDemoContent(
      createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
      organization.id,
    );
    const opened = await stack.call("/v1/conversations", {
      method: "POST",
      token: organization.key,
      json: { customer: { email: `segments-${crypto.randomUUID()}@example.com` } },
    });
    const { conversation } = (await opened.json()) as { conversation: { id: string } };
    const ask = async (content: string) => {
      requests = [];
      const sent = performance.now();
      await sendTurn(stack, organization.key, conversation.id, content);
      return split(sent, performance.now(), requests);
    };
    for (let turn = 0; turn < 20; turn++) await ask(knowledgeQuestions[turn % knowledgeQuestions.length] ?? "");
    const measured: Record<Segment, number>[] = [];
    for (let turn = 0; turn < turns; turn++) {
      const segmented = await ask(knowledgeQuestions[turn % knowledgeQuestions.length] ?? "");
      if (!segmented) throw new Error(`a warm turn did not make exactly two database requests (${requests.length})`);
      measured.push(segmented);
    }
    return Object.fromEntries(
      segments.map((segment) => [segment, median(measured.map((turn) => turn[segment]))]),
    ) as Record<Segment, number>;
  } finally {
    await stack.close();
  }
}

const baseScript = build("workers/chat/wrangler.toml", `.tmp/bench/chat-${baseRev}`, baseCheckout(baseRev));
const before: Record<Segment, number>[] = [];
const after: Record<Segment, number>[] = [];
for (let index = 0; index < rounds; index++) {
  before.push(await round(baseScript));
  after.push(await round(undefined));
}
const of = (results: Record<Segment, number>[], segment: Segment) => median(results.map((result) => result[segment]));
console.log(`\na warm knowledge turn, ${turns} turns x ${rounds} rounds per chat worker (ms, medians)`);
console.log(
  `${"segment".padEnd(32)}${`before (${baseRev})`.padStart(18)}${"now".padStart(10)}${"change".padStart(10)}`,
);
for (const segment of segments) {
  const [was, is] = [of(before, segment), of(after, segment)];
  const change = is - was;
  console.log(
    `${segment.padEnd(32)}${was.toFixed(2).padStart(18)}${is.toFixed(2).padStart(10)}${`${change >= 0 ? "+" : ""}${change.toFixed(2)}`.padStart(10)}`,
  );
}
const [wholeBefore, wholeAfter] = [of(before, "whole turn"), of(after, "whole turn")];
console.log(`\nwhole turn now / before: ${(wholeAfter / wholeBefore).toFixed(2)}x`);
