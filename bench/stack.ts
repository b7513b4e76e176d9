// The workers as a benchmark runs them: built with wrangler, in one Miniflare (workerd) from Node,
// on the local Neon endpoint over PGlite (or POSTGRES_URL), migrated. Log lines are swallowed, as
// piping them into this process would dominate the timings.
import { execFileSync } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type NeonLocal, type RequestTiming, startNeonLocal } from "@frontdesk/neon-local";
import { Miniflare } from "miniflare";

const root = fileURLToPath(new URL("..", import.meta.url));
const compatibilityDate = "2026-07-01";

/** A worker's deployable bundle (`wrangler deploy --dry-run`) of a checkout (this one unless given): its main module. */
export function build(config: string, outdir: string, checkout = root): string {
  execFileSync(
    `${checkout}/node_modules/.bin/wrangler`,
    ["deploy", "--dry-run", "--config", config, "--outdir", `${root}/${outdir}`],
    {
      cwd: checkout,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return `${root}/${outdir}/index.js`;
}

export interface BenchStack {
  mf: Miniflare;
  local: NeonLocal;
  base: string;
  /** From `new Miniflare` to ready: workerd starting and every worker's script evaluated. */
  startupMs: number;
  /** An API call as a client at one address (the per-IP budget is raised for the run). */
  call(
    path: string,
    init?: { method?: string; token?: string; json?: unknown; body?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A new organization whose key and organization budgets are as high as settings allow. */
  organization(): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

const encryptionKey = "YmVuY2gtZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMhISE=";

/**
 * The gateway, and the domain workers behind it (chat, bookings, tools) unless `withDomainWorkers`
 * is false (a fixed 503 answers for them instead: the gateway's own cost alone).
 */
export async function startBenchStack({
  withDomainWorkers,
  providerBaseUrl = "http://127.0.0.1:9",
  chatBindings = {},
  chatScript,
  onDatabaseTiming,
}: {
  withDomainWorkers: boolean;
  /** Where the channels worker sends replies (WhatsApp/Twilio/Telegram paths under it). */
  providerBaseUrl?: string;
  /** The chat worker's extra settings (an embedding model and its endpoint, for the answers benchmark). */
  chatBindings?: Record<string, string>;
  /** Another build of the chat worker (a base revision's), instead of this checkout's. */
  chatScript?: string;
  /** Told the moments of every SQL request the local endpoint answers (bench/turn-segments.ts). */
  onDatabaseTiming?: (timing: RequestTiming) => void;
}): Promise<BenchStack> {
  const gateway = build("wrangler.toml", ".tmp/bench/gateway");
  const domain = (name: string) =>
    withDomainWorkers ? build(`workers/${name}/wrangler.toml`, `.tmp/bench/${name}`) : undefined;
  const chat = withDomainWorkers && chatScript ? chatScript : domain("chat");
  const bookings = domain("bookings");
  const tools = domain("tools");
  const events = domain("events");
  const channels = domain("channels");
  const absent = (name: string) => () => new Response(`${name} is not part of this benchmark`, { status: 503 });
  const local = await startNeonLocal({
    port: 0,
    postgresUrl: process.env.POSTGRES_URL || undefined,
    ...(onDatabaseTiming ? { onTiming: onDatabaseTiming } : {}),
  });
  const { createSql } = await import("@frontdesk/db");
  const { migrate, migrationsDirectory, readMigrations } = await import("@frontdesk/db/migrate");
  const database = { DATABASE_URL: local.databaseUrl, NEON_HTTP_ENDPOINT: local.endpoint };
  await migrate(createSql(database), await readMigrations(migrationsDirectory));
  const quiet = (stdout: Readable, stderr: Readable) => {
    stdout.resume();
    stderr.resume();
  };
  const starting = performance.now();
  const mf = new Miniflare({
    handleRuntimeStdio: quiet,
    // /cdn-cgi/handler/email: Email Routing's local stand-in (to the channels worker, by its route).
    unsafeTriggerHandlers: true,
    workers: [
      {
        name: "gateway",
        modules: true,
        scriptPath: gateway,
        compatibilityDate,
        compatibilityFlags: ["nodejs_compat"],
        bindings: {
          ...database,
          FRONTDESK_ADMIN_TOKEN: "bench-admin",
          FRONTDESK_ENCRYPTION_KEY: encryptionKey,
          FRONTDESK_SESSION_SECRET: "bench-session-secret-of-at-least-32-bytes",
          RATE_LIMIT_IP_PER_MINUTE: "1000000000",
          RATE_LIMIT_WEBHOOK_IP_PER_MINUTE: "1000000000",
          RATE_LIMIT_CEILING_API_KEY_PER_MINUTE: "1000000000",
          RATE_LIMIT_CEILING_ORGANIZATION_PER_MINUTE: "1000000000",
        },
        durableObjects: { RATE_LIMITER: { className: "RateLimiter", useSQLite: true } },
        serviceBindings: {
          CHAT: chat ? { name: "chat", entrypoint: "ChatService" } : absent("chat"),
          BOOKINGS: bookings ? "bookings" : absent("bookings"),
          TOOLS: tools ? "tools" : absent("tools"),
          EVENTS: events ? "events" : absent("events"),
          CHANNELS: channels ? "channels" : absent("channels"),
        },
      },
      ...(chat && bookings && tools && events && channels
        ? [
            {
              name: "chat",
              modules: true,
              scriptPath: chat,
              compatibilityDate,
              compatibilityFlags: ["nodejs_compat"],
              bindings: { ...database, ALLOW_PRIVATE_URLS: "true", ...chatBindings },
              assets: { directory: `${root}/workers/chat/assets`, binding: "ASSETS" },
              serviceBindings: {
                TOOLS: { name: "tools", entrypoint: "ToolsService" },
                WEBHOOKS: { name: "bookings", entrypoint: "WebhooksService" },
              },
              queueProducers: {
                CHANNEL_OUTBOUND: { queueName: "channel-outbound" },
                KNOWLEDGE_EMBEDDINGS: { queueName: "knowledge-embeddings" },
              },
              queueConsumers: { "knowledge-embeddings": { maxBatchSize: 50, maxBatchTimeout: 0 } },
              durableObjects: {
                AGENT_PRESENCE: { className: "AgentPresence", useSQLite: true },
                ACTIVE_SESSIONS: { className: "ActiveSessions", useSQLite: true },
                SESSION_CONTEXT: { className: "SessionContext", useSQLite: true },
              },
            },
            {
              name: "bookings",
              modules: true,
              scriptPath: bookings,
              compatibilityDate,
              compatibilityFlags: ["nodejs_compat"],
              bindings: { ...database, ALLOW_PRIVATE_URLS: "true", FRONTDESK_ENCRYPTION_KEY: encryptionKey },
            },
            {
              name: "tools",
              modules: true,
              scriptPath: tools,
              compatibilityDate,
              compatibilityFlags: ["nodejs_compat"],
              bindings: { ...database, ALLOW_PRIVATE_URLS: "true", FRONTDESK_ENCRYPTION_KEY: encryptionKey },
              serviceBindings: { BOOKINGS: { name: "bookings", entrypoint: "BookingsService" } },
            },
            {
              name: "events",
              modules: true,
              scriptPath: events,
              compatibilityDate,
              compatibilityFlags: ["nodejs_compat"],
              // Every batch inserted at once: the benchmark measures the direct path.
              bindings: { ...database, INGEST_QUEUE_MIN_EVENTS: "1000000" },
              serviceBindings: { CHAT: { name: "chat", entrypoint: "ChatService" } },
            },
            {
              name: "channels",
              // One bundled module, named rather than scanned: a library's guarded require() of an
              // optional package (email-reply-parser's re2) is not something to resolve.
              modules: [{ type: "ESModule", path: channels }],
              compatibilityDate,
              compatibilityFlags: ["nodejs_compat"],
              bindings: {
                ...database,
                ALLOW_PRIVATE_URLS: "true",
                FRONTDESK_ENCRYPTION_KEY: encryptionKey,
                WHATSAPP_API_BASE_URL: `${providerBaseUrl}/provider/whatsapp`,
                TWILIO_API_BASE_URL: `${providerBaseUrl}/provider/twilio`,
                TELEGRAM_API_BASE_URL: `${providerBaseUrl}/provider/telegram`,
                EMAIL_API_URL: `${providerBaseUrl}/provider/email/send`,
                EMAIL_AUTHSERV_IDS: "mx.cloudflare.net",
                EMAIL_MAX_PER_SENDER_PER_HOUR: "20",
                EMAIL_SYSTEM_FROM: "no-reply@frontdesk.bench",
                DNS_OVER_HTTPS_URL: `${providerBaseUrl}/dns-query`,
              },
              serviceBindings: { CHAT: { name: "chat", entrypoint: "ChatService" } },
              queueProducers: { CHANNEL_INBOUND: { queueName: "channel-inbound" } },
              queueConsumers: {
                "channel-inbound": { maxBatchSize: 10, maxBatchTimeout: 0 },
                "channel-outbound": { maxBatchSize: 10, maxBatchTimeout: 0 },
              },
              r2Buckets: { ATTACHMENTS: "attachments" },
              durableObjects: {
                RATE_LIMITER: { className: "RateLimiter", useSQLite: true },
                CHANNEL_INBOX: { className: "ChannelInbox", useSQLite: true },
              },
              routes: ["email.bench/*"],
            },
          ]
        : []),
    ],
  });
  await mf.ready;
  const startupMs = performance.now() - starting;
  const base = "http://gateway.bench";
  const call: BenchStack["call"] = (path, init = {}) => {
    const headers: Record<string, string> = { "cf-connecting-ip": "198.18.0.1", ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return mf.dispatchFetch(`${base}${path}`, { method: init.method, headers, body });
  };
  const organization = async () => {
    const created = await call("/v1/organizations", { method: "POST", token: "bench-admin", json: { name: "Bench" } });
    const { organization: org, apiKey } = (await created.json()) as {
      organization: { id: string };
      apiKey: { key: string };
    };
    for (const key of ["api_key", "organization"]) {
      // The highest budget the settings accept, far above what one run sends.
      const written = await call(`/v1/settings/rate_limits/${key}`, {
        method: "PUT",
        token: apiKey.key,
        json: { value: { limit: 1_000_000, windowSeconds: 3600 } },
      });
      if (!written.ok)
        throw new Error(`setting rate_limits/${key} answered ${written.status}: ${await written.text()}`);
    }
    return { id: org.id, key: apiKey.key };
  };
  return {
    mf,
    local,
    base,
    startupMs,
    call,
    organization,
    close: async () => {
      await mf.dispatchFetch(`${base}/livez`).catch(() => undefined);
      await mf.dispose();
      await local.close();
    },
  };
}

/** Questions the demo's knowledge base answers: each makes a knowledge turn. */
export const knowledgeQuestions = [
  "What are your opening hours?",
  "How much is a puncture repair?",
  "Do you take trade-ins?",
  "Is there parking near the shop?",
  "Which payment methods do you accept?",
];

/** A customer's message through the API, its whole answer read; any status but 200 is an error. */
export async function sendTurn(
  stack: BenchStack,
  token: string,
  conversationId: string,
  content: string,
): Promise<{ reply: { metadata: { sources: unknown[] } } | null }> {
  const response = await stack.call(`/v1/conversations/${conversationId}/messages`, {
    method: "POST",
    token,
    json: { content },
  });
  if (response.status !== 200) throw new Error(`a turn answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { reply: { metadata: { sources: unknown[] } } | null };
}

export const row = (label: string, concurrency: number, report: { perSecond: number; p50: number; p99: number }) =>
  `${label.padEnd(34)} ${String(concurrency).padStart(4)} ${report.perSecond.toFixed(0).padStart(7)}   ${report.p50.toFixed(2).padStart(7)}  ${report.p99.toFixed(2).padStart(7)}`;
