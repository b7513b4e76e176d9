export { createDb, createSql, type Database, type DatabaseBindings } from "./client.ts";
export { useLocalEndpoint } from "./neon-endpoint.ts";
export * as schema from "./schema/index.ts";
export { checkDatabase, type DatabaseHealth } from "./health.ts";
