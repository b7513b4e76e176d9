import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { databaseFacingGatewayFiles } from "./test/database-facing.ts";
import { scriptedKeys } from "./test/scripted-llm.ts";

const compatibilityDate = "2026-11-01";

const testSecrets = {
  FRONTDESK_ADMIN_TOKEN: "test-admin-token",
  FRONTDESK_ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyEhISE=",
  FRONTDESK_SESSION_SECRET: "test-session-secret-with-enough-entropy",
};

type Database = { DATABASE_URL: string; NEON_HTTP_ENDPOINT: string };

const databaseFacingOnly = process.env.FRONTDESK_TEST_SET === "database";

/** The recorders, scripted models and webhook receivers of the tests listen on loopback. */
const privateUrls = { ALLOW_PRIVATE_URLS: "true" };

/**
 * Providers' APIs (WhatsApp, Twilio, Telegram, the HTTP email API, DNS over HTTPS) answered and
 * recorded by the test receiver; the email handler's settings as wrangler.toml has them.
 */
const providerApis = (receiverUrl: string) => ({
  WHATSAPP_API_BASE_URL: `${receiverUrl}/provider/whatsapp`,
  TWILIO_API_BASE_URL: `${receiverUrl}/provider/twilio`,
  TELEGRAM_API_BASE_URL: `${receiverUrl}/provider/telegram`,
  EMAIL_API_URL: `${receiverUrl}/provider/email/send`,
  DNS_OVER_HTTPS_URL: `${receiverUrl}/dns-query`,
  EMAIL_AUTHSERV_IDS: "mx.cloudflare.net",
  EMAIL_MAX_PER_SENDER_PER_HOUR: "20",
  EMAIL_SYSTEM_FROM: "no-reply@frontdesk.test",
});

/** The domain workers behind the one a project tests, from the bundles global setup builds. */
function domainWorkers(database: Database, receiverUrl: string) {
  const worker = (name: string, extra: Record<string, unknown>) => ({
    name: `frontdesk-${name}`,
    modules: true,
    scriptPath: `./.tmp/build/${name}/index.js`,
    compatibilityDate,
    compatibilityFlags: ["nodejs_compat"],
    ...extra,
  });
  return [
    worker("chat", {
      bindings: { ...database, ...privateUrls },
      assets: { directory: "./workers/chat/assets", binding: "ASSETS" },
      serviceBindings: {
        TOOLS: { name: "frontdesk-tools", entrypoint: "ToolsService" },
        WEBHOOKS: { name: "frontdesk-bookings", entrypoint: "WebhooksService" },
      },
      queueProducers: {
        CHANNEL_OUTBOUND: { queueName: "frontdesk-channel-outbound" },
        KNOWLEDGE_EMBEDDINGS: { queueName: "frontdesk-knowledge-embeddings" },
      },
      durableObjects: {
        AGENT_PRESENCE: { className: "AgentPresence", useSQLite: true },
        ACTIVE_SESSIONS: { className: "ActiveSessions", useSQLite: true },
        SESSION_CONTEXT: { className: "SessionContext", useSQLite: true },
      },
    }),
    worker("bookings", {
      bindings: { ...database, ...privateUrls, FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY },
      queueProducers: { CHANNEL_OUTBOUND: { queueName: "frontdesk-channel-outbound" } },
    }),
    worker("tools", {
      bindings: { ...database, ...privateUrls, FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY },
      serviceBindings: { BOOKINGS: { name: "frontdesk-bookings", entrypoint: "BookingsService" } },
    }),
    worker("events", {
      bindings: { ...database, INGEST_QUEUE_MIN_EVENTS: "2000" },
      serviceBindings: { CHAT: { name: "frontdesk-chat", entrypoint: "ChatService" } },
      queueProducers: { EVENTS_QUEUE: { queueName: "frontdesk-events" } },
      queueConsumers: { "frontdesk-events": { maxBatchSize: 100, maxBatchTimeout: 1 } },
    }),
    worker("channels", {
      bindings: {
        ...database,
        ...privateUrls,
        FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY,
        ...providerApis(receiverUrl),
      },
      serviceBindings: { CHAT: { name: "frontdesk-chat", entrypoint: "ChatService" } },
      queueProducers: { CHANNEL_INBOUND: { queueName: "frontdesk-channel-inbound" } },
      r2Buckets: { ATTACHMENTS: "frontdesk-attachments" },
      durableObjects: {
        RATE_LIMITER: { className: "RateLimiter", useSQLite: true },
        CHANNEL_INBOX: { className: "ChannelInbox", useSQLite: true },
      },
      queueConsumers: {
        "frontdesk-channel-inbound": { maxBatchSize: 10, maxBatchTimeout: 0 },
        "frontdesk-channel-outbound": { maxBatchSize: 10, maxBatchTimeout: 0 },
      },
    }),
  ];
}

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    // A test file mostly waits on workerd and the database, so one file per core keeps the cores
    // busy; vitest's default (cores - 1) runs one file at a time on a two-core CI machine. More than
    // one per core measured no faster (docs/testing.md).
    maxWorkers: Math.max(2, availableParallelism()),
    // The workerd projects set isolate: false: a project's files share one runtime instead of
    // starting one per file (about 2 s each). Every test makes its own tenant, so none sees another's rows.
    projects: [
      {
        test: {
          name: "node",
          // Unit tests of pure modules live beside them in the workers' sources.
          include: [
            "packages/*/test/**/*.test.ts",
            "test/node/**/*.test.ts",
            "scripts/**/*.test.ts",
            "workers/*/src/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const database = { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") };
            return {
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ...database,
                  ...testSecrets,
                  // Low enough for a test to spend; every other test calls from a random address.
                  RATE_LIMIT_IP_PER_MINUTE: "40",
                },
                // The channels worker's bucket, so a test can see what is (and is no longer) stored.
                r2Buckets: { ATTACHMENTS: "frontdesk-attachments" },
                workers: domainWorkers(database, inject("webhookReceiverUrl")),
              },
            };
          }),
        ],
        test: {
          name: "gateway",
          include: databaseFacingOnly ? databaseFacingGatewayFiles : ["workers/gateway/test/**/*.test.ts"],
          testTimeout: 30_000,
          isolate: false,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./workers/chat/wrangler.toml" },
            miniflare: {
              workers: domainWorkers(
                { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") },
                inject("webhookReceiverUrl"),
              ),
              bindings: {
                DATABASE_URL: inject("databaseUrl"),
                NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint"),
                ...privateUrls,
                // Both model providers point at the scripted server of this run (test/scripted-llm.ts).
                OPENAI_BASE_URL: `${inject("scriptedLlmUrl")}/openai/v1`,
                OPENAI_API_KEY: scriptedKeys.openai,
                EMBEDDINGS_MODEL: "text-embedding-scripted",
                EMBEDDINGS_DIMENSIONS: "1536",
                CLOUDFLARE_ACCOUNT_ID: "test-account",
                CLOUDFLARE_API_BASE_URL: `${inject("scriptedLlmUrl")}/cloudflare/client/v4`,
                CLOUDFLARE_API_TOKEN: scriptedKeys.cloudflare,
              },
              // The tests run the embedding consumer themselves (worker.queue), on the messages the
              // knowledge routes sent: those wait in a queue no consumer reads.
              queueProducers: { KNOWLEDGE_EMBEDDINGS: { queueName: "frontdesk-knowledge-embeddings-unread" } },
            },
          })),
        ],
        test: { name: "chat", include: ["workers/chat/test/**/*.test.ts"], testTimeout: 30_000, isolate: false },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const database = { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") };
            return {
              wrangler: { configPath: "./workers/tools/wrangler.toml" },
              miniflare: {
                bindings: {
                  ...database,
                  ...privateUrls,
                  FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY,
                },
                // The chat bundle's TOOLS binding needs a tools worker of that name: the bundle runs
                // beside the one under test.
                workers: domainWorkers(database, inject("webhookReceiverUrl")),
              },
            };
          }),
        ],
        test: { name: "tools", include: ["workers/tools/test/**/*.test.ts"], testTimeout: 30_000, isolate: false },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const database = { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") };
            return {
              wrangler: { configPath: "./workers/channels/wrangler.toml" },
              miniflare: {
                bindings: {
                  ...database,
                  ...privateUrls,
                  FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY,
                  ...providerApis(inject("webhookReceiverUrl")),
                },
                // The tests run the consumer themselves (worker.queue): the webhooks' work goes to a
                // queue no consumer reads.
                queueProducers: { CHANNEL_INBOUND: { queueName: "frontdesk-channel-inbound-unread" } },
                workers: domainWorkers(database, inject("webhookReceiverUrl")).filter(
                  (worker) => worker.name !== "frontdesk-channels",
                ),
              },
            };
          }),
        ],
        test: {
          name: "channels",
          include: ["workers/channels/test/**/*.test.ts"],
          testTimeout: 30_000,
          isolate: false,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const database = { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") };
            return {
              wrangler: { configPath: "./workers/bookings/wrangler.toml" },
              miniflare: {
                bindings: {
                  ...database,
                  ...privateUrls,
                  FRONTDESK_ENCRYPTION_KEY: testSecrets.FRONTDESK_ENCRYPTION_KEY,
                },
              },
            };
          }),
        ],
        test: {
          name: "bookings",
          include: ["workers/bookings/test/**/*.test.ts"],
          testTimeout: 30_000,
          isolate: false,
          // One file at a time, after the other projects: the cron test dispatches every organization's
          // due webhooks, and would claim the deliveries another test is about to dispatch itself.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => {
            const database = { DATABASE_URL: inject("databaseUrl"), NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint") };
            return {
              wrangler: { configPath: "./workers/events/wrangler.toml" },
              miniflare: {
                bindings: { ...database, INGEST_QUEUE_MIN_EVENTS: "50" },
                // Identify and alias reach the chat worker, which owns customers.
                workers: domainWorkers(database, inject("webhookReceiverUrl")).filter(
                  (worker) => worker.name !== "frontdesk-events",
                ),
              },
            };
          }),
        ],
        test: { name: "events", include: ["workers/events/test/**/*.test.ts"], testTimeout: 60_000, isolate: false },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          // After every other project: the dev stack would otherwise compete for the two cores.
          sequence: { groupOrder: 1 },
          // One dev stack at a time, for the same reason.
          fileParallelism: false,
        },
      },
    ],
  },
});
