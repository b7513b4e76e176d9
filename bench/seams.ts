// The seams of issue 14, measured in one run on this machine:
//   1. a provider webhook's acknowledgement (signature, claim, queue) against the gateway's bare
//      route (/livez), p50 and p99;
//   2. webhook to reply sent (queue, consumer, turn, outbox, provider) against the same turn asked
//      through the API, p50;
//   3. a chat turn through the API before (BASE_REV, default the commit before this work) and after,
//      each run by bench/chat.ts of its own checkout, one after the other.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { metaSignature, whatsappDelivery, whatsappRecipient } from "../test/providers.ts";
import { compareChatTurns } from "./chat-before-after.ts";
import { type LatencyReport, measureAlternating, measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const baseRev = process.env.BASE_REV ?? "73a10ff";

/** The provider's API, as the channels worker calls it: answers like WhatsApp and wakes whoever waits for `to`. */
const waiting = new Map<string, () => void>();
let sent = 0;
const provider = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const to = whatsappRecipient(Buffer.concat(chunks).toString("utf8"));
    sent++;
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ messages: [{ id: `wamid.bench${sent}` }] }));
    if (to) waiting.get(to)?.();
  });
});
await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
const providerBaseUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;

const stack = await startBenchStack({ withDomainWorkers: true, providerBaseUrl });
const median = (report: LatencyReport) => report.p50;

try {
  const organization = await stack.organization();
  await seedDemoContent(
    createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
    organization.id,
  );
  const appSecret = "bench-app-secret";
  const created = await stack.call("/v1/channels", {
    method: "POST",
    token: organization.key,
    json: {
      type: "whatsapp",
      name: "Bench WhatsApp",
      config: { phoneNumberId: "1098765" },
      credentials: { appSecret, verifyToken: "v", accessToken: "t" },
    },
  });
  const { channel } = (await created.json()) as { channel: { id: string } };
  let delivered = 0;
  const webhook = async (from: string, text: string, id = `wamid.in${delivered++}`) => {
    const body = whatsappDelivery(id, from, text);
    const signature = await metaSignature(appSecret, body);
    const response = await stack.call(`/webhooks/whatsapp/${channel.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature },
      body,
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const bare = () => stack.call("/livez").then((r) => r.arrayBuffer());

  // 1. Acknowledgement: every request a new message from one of many senders (each is queued).
  let sender = 0;
  const ack = () => webhook(`4477${String(sender++ % 5000).padStart(7, "0")}`, "What are your opening hours?");
  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  const livez = await measureLatency(bare, seconds, 1);
  const acks = await measureLatency(ack, seconds, 1);
  // The same path for a redelivered message: claimed already, so no turn runs behind it.
  const repeat = () => webhook("447700000000", "What are your opening hours?", "wamid.repeated");
  const repeats = await measureLatency(repeat, seconds, 1);
  // New messages and the bare route taken in turns: both meet the turns the messages queue.
  const [pairedAcks, pairedLivez] = await measureAlternating(ack, bare, seconds);
  console.log(row("bare route (/livez)", 1, livez));
  console.log(row("provider webhook acknowledged", 1, acks));
  console.log(row("  the same, redelivered (no turn)", 1, repeats));
  console.log(row("acknowledged, taken in turns with", 1, pairedAcks));
  console.log(row("  the bare route (same turns behind)", 1, pairedLivez));

  // 2. Webhook to reply sent, one message at a time, against the same question through the API.
  const replied = (to: string) => new Promise<void>((resolve) => waiting.set(to, resolve));
  let roundTrip = 0;
  const viaWebhook = async () => {
    const to = `4488${String(roundTrip++).padStart(7, "0")}`;
    const reply = replied(to);
    await webhook(to, "What are your opening hours?");
    await reply;
    waiting.delete(to);
  };
  const conversation = async () => {
    const response = await stack.call("/v1/conversations", {
      method: "POST",
      token: organization.key,
      json: { customer: { email: `bench-${crypto.randomUUID()}@example.com` } },
    });
    return ((await response.json()) as { conversation: { id: string } }).conversation.id;
  };
  const viaApi = async () => {
    const id = await conversation();
    const response = await stack.call(`/v1/conversations/${id}/messages`, {
      method: "POST",
      token: organization.key,
      json: { content: "What are your opening hours?" },
    });
    if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
    await response.arrayBuffer();
  };
  const webhookTurns = await measureLatency(viaWebhook, seconds, 1);
  const apiTurns = await measureLatency(viaApi, seconds, 1);
  console.log(row("webhook -> reply sent (new sender)", 1, webhookTurns));
  console.log(row("API: start + turn (new customer)", 1, apiTurns));
  console.log(
    `\nwebhook acknowledgement / bare route: p50 ${(median(acks) / median(livez)).toFixed(2)}x, p99 ${(acks.p99 / livez.p99).toFixed(2)}x (turns running behind the acknowledgements only); redelivered: p50 ${(median(repeats) / median(livez)).toFixed(2)}x, p99 ${(repeats.p99 / livez.p99).toFixed(2)}x`,
  );
  console.log(
    `webhook acknowledgement / bare route, taken in turns (the same turns behind both): p50 ${(median(pairedAcks) / median(pairedLivez)).toFixed(2)}x, p99 ${(pairedAcks.p99 / pairedLivez.p99).toFixed(2)}x`,
  );
  console.log(
    `webhook -> reply sent / same turn through the API: p50 ${(median(webhookTurns) / median(apiTurns)).toFixed(2)}x`,
  );
} finally {
  await stack.close();
  provider.close();
}

// 3. A chat turn before and after, each measured by its own checkout's bench/chat.ts, alternating
// three times (the machine's noise is of the order of the difference looked for); medians reported.
if (process.env.BENCH_SKIP_BEFORE_AFTER === "1") process.exit(0);
const turns = compareChatTurns(baseRev, seconds);
console.log(
  `\nchat turn p50 (1 caller, median of 3 alternating runs): before (${baseRev}) ${turns.p50Before.toFixed(2)} ms, after ${turns.p50After.toFixed(2)} ms: ${(turns.p50After / turns.p50Before).toFixed(2)}x`,
);
console.log(
  `  runs before: ${turns.runsBefore.map((p50) => p50.toFixed(1)).join(", ")} ms; after: ${turns.runsAfter.map((p50) => p50.toFixed(1)).join(", ")} ms`,
);
console.log(`database round trips per warm turn: before ${turns.roundTripsBefore}, after ${turns.roundTripsAfter}`);
