import { schema } from "@frontdesk/db";
import { rowView } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createSelectSchema } from "drizzle-zod";

// Each view is its table's columns as drizzle-zod reads them, less what stays inside (the tenant
// key, search columns, merge snapshots), with the API's own forms: timestamps as ISO strings,
// numerics as numbers, JSON objects as records.
const record = z.record(z.string(), z.unknown());
const time = z.string();
const timeOrNull = z.string().nullable();

export const customerSchema = createSelectSchema(schema.customers, {
  preferences: record,
  metadata: record,
  mergedIntoCustomerId: (column) =>
    column.openapi({ description: "Where a merged customer went: read that customer instead." }),
  lastInteractionAt: timeOrNull,
  createdAt: time,
  updatedAt: time,
})
  .omit({
    organizationId: true,
    isMerged: true,
    phoneDigits: true,
    searchText: true,
    adAssetId: true,
    attributedAt: true,
  })
  .openapi("Customer");
export const customerView = rowView(customerSchema);

export const identitySchema = createSelectSchema(schema.customerIdentities, {
  confidenceScore: z.coerce.number(),
  createdAt: time,
  updatedAt: time,
})
  .omit({ organizationId: true })
  .openapi("CustomerIdentity");
export const identityView = rowView(identitySchema);

export const memorySchema = createSelectSchema(schema.customerMemories, {
  value: z.unknown(),
  lastAccessedAt: timeOrNull,
  expiresAt: timeOrNull,
  createdAt: time,
  updatedAt: time,
})
  .omit({ organizationId: true })
  .openapi("CustomerMemory");
export const memoryView = rowView(memorySchema);

export const mergeSchema = createSelectSchema(schema.customerMerges, {
  moved: z.record(z.string(), z.number()).openapi({ description: "How many rows of each table the merge moved." }),
  createdAt: time,
  decidedAt: timeOrNull,
})
  .omit({ organizationId: true, sourceBefore: true, targetBefore: true, droppedMemories: true, actor: true })
  .openapi("CustomerMerge");
const mergeRow = rowView(mergeSchema);
/** A merge as the API shows it: the rows it moved counted per table. */
export const mergeView = (row: typeof schema.customerMerges.$inferSelect) =>
  mergeRow({
    ...row,
    moved: Object.fromEntries(Object.entries(row.moved).map(([table, ids]) => [table, ids.length])),
  });

export const suggestionSchema = createSelectSchema(schema.customerMergeSuggestions, {
  confidence: z.coerce.number(),
  createdAt: time,
  decidedAt: timeOrNull,
})
  .omit({ organizationId: true })
  .openapi("CustomerMergeSuggestion");
export const suggestionView = rowView(suggestionSchema);
