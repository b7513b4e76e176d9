/**
 * The gateway's test files whose SQL could behave differently on a real PostgreSQL server than on
 * PGlite (ranking, search, constraints, concurrency, bulk writes, erasure, tenant scoping).
 * `pnpm test:db` (CI's PostgreSQL 15 pass) repeats only these of the gateway's files; every file
 * still runs on PGlite in `pnpm test`. The other workers' projects repeat whole.
 */
export const databaseFacingGatewayFiles = [
  "bookings",
  "calendar-and-webhooks",
  "channel-webhooks",
  "chat-turns",
  "conversation-webhooks",
  "customers",
  "erasure",
  "escalation",
  "events-burst",
  "knowledge",
  "retrieval",
  "tenant-isolation",
  "workspace",
].map((name) => `workers/gateway/test/${name}.test.ts`);
