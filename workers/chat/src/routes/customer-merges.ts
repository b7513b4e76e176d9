import { createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  configApp,
  findOwned,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, or } from "drizzle-orm";
import { confirmMerge, mergeByHand, mergeRecord, undoMerge } from "../customers/merges.ts";
import { mergeSchema, mergeView, suggestionSchema, suggestionView } from "../customers/views.ts";
import type { ChatEnv } from "../env.ts";

const security = [{ bearer: [] }];
const oneMerge = { content: { "application/json": { schema: z.object({ merge: mergeSchema }) } } };
const oneSuggestion = { content: { "application/json": { schema: z.object({ suggestion: suggestionSchema }) } } };

const listMerges = createRoute({
  method: "get",
  path: "/",
  summary: "Customer merges, automatic and by hand, newest first",
  security,
  request: {
    query: pageQuery.extend({
      customerId: z.uuid().optional(),
      status: z.enum(schema.customerMergeStatuses).optional(),
    }),
  },
  responses: {
    200: { description: "A page of merges", content: { "application/json": { schema: pageSchema(mergeSchema) } } },
    ...problemResponses,
  },
});
const getMerge = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One merge, with how many rows of each kind it moved",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The merge", ...oneMerge }, 404: notFoundResponse, ...problemResponses },
});
const undo = createRoute({
  method: "post",
  path: "/{id}/undo",
  summary: "Undo a merge: every moved row goes back, both customers as they were",
  description:
    "Refused (409) when the merge was already undone or confirmed, when the surviving customer was merged or erased since, or when another customer took the source's email or external id since.",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The undone merge", ...oneMerge }, 404: notFoundResponse, ...problemResponses },
});
const confirm = createRoute({
  method: "post",
  path: "/{id}/confirm",
  summary: "Confirm a merge: it can no longer be undone",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The confirmed merge", ...oneMerge }, 404: notFoundResponse, ...problemResponses },
});

/** Customer merges (`/v1/customer-merges`): the record of every merge, undo and confirmation. */
export const customerMerges = configApp<ChatEnv>()
  .openapi(listMerges, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const query = c.req.valid("query");
    const m = schema.customerMerges;
    const result = await newestFirstPage(createDb(c.env), m, c.var.identity.organizationId, query, {
      customerId: (customerId) => or(eq(m.sourceCustomerId, customerId), eq(m.targetCustomerId, customerId)),
      status: m.status,
    });
    return c.json({ data: result.data.map(mergeView), nextCursor: result.nextCursor }, 200);
  })
  .openapi(getMerge, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const row = await mergeRecord(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    if (!row) throw new ProblemError("not-found", "No such customer merge in this organization.");
    return c.json({ merge: mergeView(row) }, 200);
  })
  .openapi(undo, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const db = createDb(c.env);
    const row = await undoMerge(
      c.env,
      db,
      c.req.raw.headers,
      actorOf(identity),
      identity.organizationId,
      c.req.valid("param").id,
    );
    return c.json({ merge: mergeView(row) }, 200);
  })
  .openapi(confirm, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const row = await confirmMerge(
      createDb(c.env),
      c.req.raw.headers,
      actorOf(identity),
      identity.organizationId,
      c.req.valid("param").id,
    );
    return c.json({ merge: mergeView(row) }, 200);
  });

const listSuggestions = createRoute({
  method: "get",
  path: "/",
  summary: "Suggestions that two customers are one person, newest first",
  description:
    "Recorded when a match was too weak to merge by itself: an unverified email or phone, or a verified one below `customers/auto_merge_confidence`.",
  security,
  request: {
    query: pageQuery.extend({
      status: z.enum(schema.mergeSuggestionStatuses).optional(),
      customerId: z.uuid().optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of suggestions",
      content: { "application/json": { schema: pageSchema(suggestionSchema) } },
    },
    ...problemResponses,
  },
});
const accept = createRoute({
  method: "post",
  path: "/{id}/accept",
  summary: "Accept: merge the suggested customer into the other (undoable like any merge)",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "The accepted suggestion and its merge",
      content: { "application/json": { schema: z.object({ suggestion: suggestionSchema, merge: mergeSchema }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const dismiss = createRoute({
  method: "post",
  path: "/{id}/dismiss",
  summary: "Dismiss: they are different people (the pair is not suggested again)",
  security,
  request: { params: idParam },
  responses: {
    200: { description: "The dismissed suggestion", ...oneSuggestion },
    404: notFoundResponse,
    ...problemResponses,
  },
});

async function pendingSuggestion(db: ReturnType<typeof createDb>, organizationId: string, id: string) {
  const s = schema.customerMergeSuggestions;
  const row = await findOwned(db, s, id, organizationId, "merge suggestion");
  if (row.status !== "pending")
    throw new ProblemError("invalid-transition", `This suggestion was already ${row.status}.`);
  return row;
}

/** Merge suggestions (`/v1/customer-merge-suggestions`): a person decides whether two customers are one. */
export const mergeSuggestions = configApp<ChatEnv>()
  .openapi(listSuggestions, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const query = c.req.valid("query");
    const s = schema.customerMergeSuggestions;
    const result = await newestFirstPage(createDb(c.env), s, c.var.identity.organizationId, query, {
      status: s.status,
      customerId: (customerId) => or(eq(s.sourceCustomerId, customerId), eq(s.targetCustomerId, customerId)),
    });
    return c.json({ data: result.data.map(suggestionView), nextCursor: result.nextCursor }, 200);
  })
  .openapi(accept, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    const suggestion = await pendingSuggestion(db, organizationId, id);
    const merged = await mergeByHand(c.env, db, c.req.raw.headers, actorOf(identity), {
      organizationId,
      sourceId: suggestion.sourceCustomerId,
      targetId: suggestion.targetCustomerId,
      reason: `suggestion ${id} (${suggestion.matchedOn})`,
    });
    const s = schema.customerMergeSuggestions;
    // merge_customers marked the pair's suggestion accepted in the same transaction.
    const [row] = await db
      .select()
      .from(s)
      .where(and(eq(s.organizationId, organizationId), eq(s.id, id)));
    if (!row) throw new Error("suggestion missing after its merge");
    return c.json({ suggestion: suggestionView(row), merge: mergeView(merged) }, 200);
  })
  .openapi(dismiss, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    await pendingSuggestion(db, organizationId, id);
    const s = schema.customerMergeSuggestions;
    const [[row]] = await db.batch([
      db
        .update(s)
        .set({ status: "dismissed", decidedAt: new Date() })
        .where(and(ownedBy(s, id, organizationId), eq(s.status, "pending")))
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_merge_suggestion.dismissed",
        resource: "customer_merge_suggestion",
        resourceId: id,
      }),
    ]);
    if (!row) throw new ProblemError("invalid-transition", "This suggestion was decided meanwhile.");
    return c.json({ suggestion: suggestionView(row) }, 200);
  });
