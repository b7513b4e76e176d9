// The canonical Frontdesk schema (docs/data-model.md). The SQL in migrations/ builds exactly this;
// packages/db/test/schema-drift.test.ts fails when the two drift apart.
export * from "./agents.ts";
export * from "./analytics.ts";
export * from "./conversations.ts";
export * from "./customers.ts";
export * from "./escalation.ts";
export * from "./knowledge.ts";
export * from "./marketing.ts";
export * from "./operations.ts";
export * from "./simulations.ts";
export * from "./tenancy.ts";
export * from "./tickets.ts";
export * from "./webhooks.ts";
export * from "./workspace.ts";
