// Web chat: time to the first streamed token through the visitor API (publishable key + visitor
// token) against the same turn through the API-key route, alternating in the same run; and the
// widget's size, gzipped, as browsers download it.
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { buildWidget } from "../scripts/build-widget.ts";
import { startBenchStack } from "./stack.ts";

const samples = Number.parseInt(process.env.BENCH_SAMPLES ?? "60", 10);
const stack = await startBenchStack({ withDomainWorkers: true });
const questions = ["Do you take trade-ins?", "What are your opening hours?", "How much is a puncture repair?"];

/** Milliseconds from sending the message to the first text delta of the streamed reply. */
async function firstToken(path: string, token: string, content: string): Promise<number> {
  const started = performance.now();
  const response = await stack.call(path, {
    method: "POST",
    token,
    json: { content },
    headers: { accept: "text/event-stream" },
  });
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  let at: number | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value;
    if (at === undefined && seen.includes('"type":"text-delta"')) at = performance.now() - started;
  }
  if (at === undefined) throw new Error(`${path} streamed no text`);
  return at;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? 0;

try {
  const organization = await stack.organization();
  const db = createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });
  await seedDemoContent(db, organization.id);
  const channel = await stack.call("/v1/channels", {
    method: "POST",
    token: organization.key,
    json: { type: "web", name: "Bench chat", config: { limits: { messagesPerVisitorPerMinute: 600 } } },
  });
  const { publishableKey } = ((await channel.json()) as { channel: { publishableKey: string } }).channel;

  const state = { api: "", visitor: "" };
  const apiTimes: number[] = [];
  const visitorTimes: number[] = [];
  for (let index = 0; index < samples; index++) {
    const content = questions[index % questions.length] ?? "";
    // A fresh conversation every 10 turns on each side, so both carry the same history.
    if (index % 10 === 0) {
      const created = await stack.call("/v1/conversations", {
        method: "POST",
        token: organization.key,
        json: { customer: { email: `bench-${crypto.randomUUID()}@example.com` } },
      });
      const { conversation } = (await created.json()) as { conversation: { id: string } };
      const started = await stack.call(`/v1/public/${publishableKey}/conversations`, { method: "POST", json: {} });
      const session = (await started.json()) as { token: string };
      state.api = `/v1/conversations/${conversation.id}/messages`;
      state.visitor = session.token;
    }
    const visitorPath = `/v1/public/${publishableKey}/conversation/messages`;
    // Alternate which goes first, so neither always meets a warmer isolate.
    if (index % 2 === 0) {
      apiTimes.push(await firstToken(state.api, organization.key, content));
      visitorTimes.push(await firstToken(visitorPath, state.visitor, content));
    } else {
      visitorTimes.push(await firstToken(visitorPath, state.visitor, content));
      apiTimes.push(await firstToken(state.api, organization.key, content));
    }
  }
  // The first ten of each warm the isolates and caches.
  const api = apiTimes.slice(10);
  const visitor = visitorTimes.slice(10);
  console.log("\ntime to first streamed token        p50 ms   p90 ms");
  console.log(
    `API key route                      ${median(api).toFixed(2).padStart(7)}  ${p90(api).toFixed(2).padStart(7)}`,
  );
  console.log(
    `visitor API (token, limits)        ${median(visitor).toFixed(2).padStart(7)}  ${p90(visitor).toFixed(2).padStart(7)}`,
  );
  console.log(`ratio visitor / API key (p50): ${(median(visitor) / median(api)).toFixed(2)}x (goal <= 1.2x)`);

  const { version } = await buildWidget();
  const widget = await readFile(new URL("../workers/gateway/assets/widget.js", import.meta.url));
  const gzipped = gzipSync(widget, { level: 9 }).byteLength;
  console.log(
    `\nwidget ${version}: ${(widget.byteLength / 1024).toFixed(1)} KiB minified, ${(gzipped / 1024).toFixed(1)} KiB gzipped (goal < 30 KB)`,
  );
} finally {
  await stack.close();
}
