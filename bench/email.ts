// The email channel of issue 20, measured in one run on this machine: the time from an inbound
// email (Miniflare's Email Routing stand-in, /cdn-cgi/handler/email, to the channels worker) to its
// threaded reply handed to the email API, against the same question as a WhatsApp webhook to its
// reply handed to the Graph API. Both go through the same claim, queue, consumer, turn and outbox.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { sql } from "drizzle-orm";
import { metaSignature, whatsappDelivery, whatsappRecipient } from "../test/providers.ts";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const question = "What are your opening hours?";

/** The providers' APIs: answer like WhatsApp and like an email API, and wake whoever waits for the recipient. */
const waiting = new Map<string, () => void>();
let sent = 0;
const provider = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    sent++;
    const email = request.url?.startsWith("/provider/email");
    const to = email ? (JSON.parse(body) as { to?: string }).to : whatsappRecipient(body);
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(
        JSON.stringify(
          email ? { messageId: `<bench${sent}@mail.bench>` } : { messages: [{ id: `wamid.bench${sent}` }] },
        ),
      );
    if (to) waiting.get(to)?.();
  });
});
await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
const providerBaseUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
const stack = await startBenchStack({ withDomainWorkers: true, providerBaseUrl });
const replied = (to: string) => new Promise<void>((resolve) => waiting.set(to, resolve));

try {
  const organization = await stack.organization();
  await seedDemoContent(
    createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }),
    organization.id,
  );
  const channel = async (json: Record<string, unknown>) => {
    const created = await stack.call("/v1/channels", { method: "POST", token: organization.key, json });
    return ((await created.json()) as { channel: { id: string } }).channel.id;
  };
  const appSecret = "bench-app-secret";
  const whatsappId = await channel({
    type: "whatsapp",
    name: "Bench WhatsApp",
    config: { phoneNumberId: "1098765" },
    credentials: { appSecret, verifyToken: "v", accessToken: "t" },
  });
  const address = "support@northwind.bench";
  const emailId = await channel({ type: "email", name: "Bench email", config: { address } });
  // The bench's own setup: the address counts as proven (the code round trip is not what is measured).
  await createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint }).execute(
    sql`update channels set address_verified_at = now() where id = ${emailId}`,
  );

  let n = 0;
  const viaWhatsApp = async () => {
    const to = `4488${String(n++).padStart(7, "0")}`;
    const reply = replied(to);
    const body = whatsappDelivery(`wamid.in${n}`, to, question);
    const response = await stack.call(`/webhooks/whatsapp/${whatsappId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": await metaSignature(appSecret, body) },
      body,
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    await response.arrayBuffer();
    await reply;
    waiting.delete(to);
  };
  const viaEmail = async () => {
    const from = `customer${n++}@example.com`;
    const reply = replied(from);
    const raw = [
      "Authentication-Results: mx.cloudflare.net; dkim=pass header.d=example.com; dmarc=pass header.from=example.com",
      `From: Customer <${from}>`,
      `To: ${address}`,
      "Subject: Opening hours",
      `Message-ID: <in${n}.${Date.now()}@example.com>`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Hello,\r\n\r\n${question}\r\n\r\nThanks`,
    ].join("\r\n");
    const response = await stack.mf.dispatchFetch(
      `http://email.bench/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(address)}`,
      { method: "POST", body: raw },
    );
    if (!response.ok) throw new Error(`email answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    await reply;
    waiting.delete(from);
  };
  // Alternating rounds, so that the machine's drift falls on both alike.
  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  const whatsapp = [await measureLatency(viaWhatsApp, seconds, 1)];
  const email = [await measureLatency(viaEmail, seconds, 1)];
  whatsapp.push(await measureLatency(viaWhatsApp, seconds, 1));
  email.push(await measureLatency(viaEmail, seconds, 1));
  const p50 = (reports: { p50: number }[]) => reports.map((r) => r.p50).sort((a, b) => a - b)[0] ?? Number.NaN;
  for (const report of whatsapp) console.log(row("WhatsApp webhook -> reply sent", 1, report));
  for (const report of email) console.log(row("inbound email -> reply handed over", 1, report));
  console.log(
    `\ninbound email -> reply handed to the sender / WhatsApp turn: p50 ${(p50(email) / p50(whatsapp)).toFixed(2)}x (best round of two each: ${p50(email).toFixed(1)} ms vs ${p50(whatsapp).toFixed(1)} ms)`,
  );
} finally {
  await stack.close();
  provider.close();
}
