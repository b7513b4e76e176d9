import { schema } from "@frontdesk/db";
import { z } from "@hono/zod-openapi";

const record = z.record(z.string(), z.unknown());

export const customerSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string().nullable(),
    name: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    role: z.string().nullable(),
    context: z.string().nullable(),
    status: z.enum(schema.customerStatuses),
    preferences: record,
    metadata: record,
    primaryChannelId: z.uuid().nullable(),
    /** Where a merged customer went: read that customer instead. */
    mergedIntoCustomerId: z.uuid().nullable(),
    lastInteractionAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Customer");

type CustomerRow = typeof schema.customers.$inferSelect;

export const customerView = (row: CustomerRow): z.infer<typeof customerSchema> => ({
  id: row.id,
  externalId: row.externalId,
  name: row.name,
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  phone: row.phone,
  company: row.company,
  role: row.role,
  context: row.context,
  status: row.status,
  preferences: row.preferences,
  metadata: row.metadata,
  primaryChannelId: row.primaryChannelId,
  mergedIntoCustomerId: row.mergedIntoCustomerId,
  lastInteractionAt: row.lastInteractionAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const identitySchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    channelId: z.uuid(),
    channelIdentifier: z.string(),
    confidenceScore: z.number(),
    verified: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CustomerIdentity");

type IdentityRow = typeof schema.customerIdentities.$inferSelect;

export const identityView = (row: IdentityRow): z.infer<typeof identitySchema> => ({
  id: row.id,
  customerId: row.customerId,
  channelId: row.channelId,
  channelIdentifier: row.channelIdentifier,
  confidenceScore: Number(row.confidenceScore),
  verified: row.verified,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const memorySchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    channelId: z.uuid().nullable(),
    kind: z.enum(schema.memoryKinds),
    key: z.string(),
    value: z.unknown(),
    importance: z.number(),
    lastIntent: z.string().nullable(),
    messageCount: z.number(),
    lastAccessedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CustomerMemory");

type MemoryRow = typeof schema.customerMemories.$inferSelect;

export const memoryView = (row: MemoryRow): z.infer<typeof memorySchema> => ({
  id: row.id,
  customerId: row.customerId,
  channelId: row.channelId,
  kind: row.kind,
  key: row.key,
  value: row.value,
  importance: row.importance,
  lastIntent: row.lastIntent,
  messageCount: row.messageCount,
  lastAccessedAt: row.lastAccessedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const mergeSchema = z
  .object({
    id: z.uuid(),
    sourceCustomerId: z.uuid(),
    targetCustomerId: z.uuid(),
    kind: z.enum(schema.customerMergeKinds),
    status: z.enum(schema.customerMergeStatuses),
    reason: z.string().nullable(),
    /** How many rows of each table the merge moved to the target. */
    moved: z.record(z.string(), z.number()),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("CustomerMerge");

type MergeRow = typeof schema.customerMerges.$inferSelect;

export const mergeView = (row: MergeRow): z.infer<typeof mergeSchema> => ({
  id: row.id,
  sourceCustomerId: row.sourceCustomerId,
  targetCustomerId: row.targetCustomerId,
  kind: row.kind,
  status: row.status,
  reason: row.reason,
  moved: Object.fromEntries(Object.entries(row.moved).map(([table, ids]) => [table, ids.length])),
  createdAt: row.createdAt.toISOString(),
  decidedAt: row.decidedAt?.toISOString() ?? null,
});

export const suggestionSchema = z
  .object({
    id: z.uuid(),
    targetCustomerId: z.uuid(),
    sourceCustomerId: z.uuid(),
    matchedOn: z.enum(schema.mergeMatches),
    confidence: z.number(),
    status: z.enum(schema.mergeSuggestionStatuses),
    mergeId: z.uuid().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("CustomerMergeSuggestion");

type SuggestionRow = typeof schema.customerMergeSuggestions.$inferSelect;

export const suggestionView = (row: SuggestionRow): z.infer<typeof suggestionSchema> => ({
  id: row.id,
  targetCustomerId: row.targetCustomerId,
  sourceCustomerId: row.sourceCustomerId,
  matchedOn: row.matchedOn,
  confidence: Number(row.confidence),
  status: row.status,
  mergeId: row.mergeId,
  createdAt: row.createdAt.toISOString(),
  decidedAt: row.decidedAt?.toISOString() ?? null,
});
