export { createDb, createSql, type Database, type DatabaseBindings } from "./client.ts";
export {
  type MetadataJson,
  normalizePhone,
  type PhoneData,
  type PhoneDataSource,
  phoneDigits,
  phoneKeys,
  phoneRegion,
  toE164,
} from "./customers/phone.ts";
export {
  autoMergeConfidence,
  type CustomerInput,
  defaultAutoMergeConfidence,
  fillCustomerGaps,
  resolveCustomer,
  suggestMergesFor,
} from "./customers/resolve-customer.ts";
export { describeQueryError, errorForLog, isDatabaseUnavailable, postgresErrorCode } from "./error-code.ts";
export { checkDatabase, type DatabaseHealth } from "./health.ts";
export { escapeLike } from "./like.ts";
export { useLocalEndpoint } from "./neon-endpoint.ts";
export { afterCursor, newestFirst } from "./pagination.ts";
export { deleteExpiredMemories, deleteOldEvents, deleteOldMessages } from "./retention/retention.ts";
export * as schema from "./schema/index.ts";
