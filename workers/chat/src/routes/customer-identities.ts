import { autoMergeConfidence, createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  configApp,
  conflictResponse,
  idParam,
  notFoundResponse,
  ownedBy,
  ProblemError,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { mergeByHand } from "../customers/merges.ts";
import { activeCustomer } from "../customers/profile.ts";
import { identitySchema, identityView, mergeSchema, mergeView } from "../customers/views.ts";
import type { ChatEnv } from "../env.ts";

const security = [{ bearer: [] }];
const identityParams = idParam.extend({
  identityId: z.uuid().openapi({ param: { name: "identityId", in: "path" } }),
});
const one = { content: { "application/json": { schema: z.object({ identity: identitySchema }) } } };

const list = createRoute({
  method: "get",
  path: "/{id}/identities",
  summary: "A customer's channel identities",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "The identities",
      content: { "application/json": { schema: z.object({ data: z.array(identitySchema) }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const add = createRoute({
  method: "post",
  path: "/{id}/identities",
  summary: "Add a channel identity",
  description:
    "If another customer already has the identity: when it is `verified` and its `confidenceScore` reaches the organization's `customers/auto_merge_confidence` (0.9), that customer is merged into this one (answered with `merge`); otherwise a merge suggestion is recorded and the answer is 409 with its `suggestionId`.",
  security,
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              channelId: z.uuid(),
              channelIdentifier: z.string().trim().min(1).max(320),
              verified: z.boolean().default(false),
              confidenceScore: z.number().min(0).max(1).default(1),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: {
      description: "Added",
      content: {
        "application/json": { schema: z.object({ identity: identitySchema, merge: mergeSchema.optional() }) },
      },
    },
    404: notFoundResponse,
    409: conflictResponse,
    ...problemResponses,
  },
});
const remove = createRoute({
  method: "delete",
  path: "/{id}/identities/{identityId}",
  summary: "Remove a channel identity",
  security,
  request: { params: identityParams },
  responses: { 204: { description: "Removed" }, 404: notFoundResponse, ...problemResponses },
});
const verify = createRoute({
  method: "post",
  path: "/{id}/identities/{identityId}/verify",
  summary: "Mark an identity verified (confidence 1)",
  security,
  request: { params: identityParams },
  responses: { 200: { description: "Verified", ...one }, 404: notFoundResponse, ...problemResponses },
});

type Db = ReturnType<typeof createDb>;

async function assertActive(db: Db, organizationId: string, customerId: string): Promise<void> {
  const c = schema.customers;
  const [row] = await db.select({ id: c.id }).from(c).where(activeCustomer(organizationId, customerId));
  if (!row) throw new ProblemError("not-found", "No such active customer in this organization.");
}

const ownIdentity = (organizationId: string, customerId: string, identityId: string) => {
  const i = schema.customerIdentities;
  return and(eq(i.organizationId, organizationId), eq(i.customerId, customerId), eq(i.id, identityId));
};

/** 404 before a write, so that a miss writes no audit row either. */
async function assertOwnIdentity(db: Db, organizationId: string, customerId: string, identityId: string) {
  const i = schema.customerIdentities;
  const [row] = await db
    .select({ id: i.id })
    .from(i)
    .where(ownIdentity(organizationId, customerId, identityId));
  if (!row) throw new ProblemError("not-found", "No such identity of this customer.");
}

/** A customer's channel identities (seed 004's identity mapping), under `/v1/customers/{id}/identities`. */
export const customerIdentities = configApp<ChatEnv>()
  .openapi(list, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const { id } = c.req.valid("param");
    const organizationId = c.var.identity.organizationId;
    const db = createDb(c.env);
    const i = schema.customerIdentities;
    const [[owner], rows] = await db.batch([
      db
        .select({ id: schema.customers.id })
        .from(schema.customers)
        .where(ownedBy(schema.customers, id, organizationId)),
      db
        .select()
        .from(i)
        .where(and(eq(i.organizationId, organizationId), eq(i.customerId, id)))
        .orderBy(i.createdAt),
    ]);
    if (!owner) throw new ProblemError("not-found", "No such customer in this organization.");
    return c.json({ data: rows.map(identityView) }, 200);
  })
  .openapi(add, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    await assertActive(db, organizationId, id);
    const i = schema.customerIdentities;
    const [existing] = await db
      .select()
      .from(i)
      .where(
        and(
          eq(i.organizationId, organizationId),
          eq(i.channelId, body.channelId),
          eq(i.channelIdentifier, body.channelIdentifier),
        ),
      );
    const values = {
      verified: body.verified,
      confidenceScore: body.confidenceScore.toFixed(2),
    };
    if (existing?.customerId === id) throw new ProblemError("conflict", "The customer already has this identity.");
    if (existing) {
      const trusted = body.verified && body.confidenceScore >= (await autoMergeConfidence(db, organizationId));
      if (!trusted) {
        const s = schema.customerMergeSuggestions;
        const [suggested] = await db
          .insert(s)
          .values({
            organizationId,
            targetCustomerId: id,
            sourceCustomerId: existing.customerId,
            matchedOn: "identity",
            confidence: values.confidenceScore,
          })
          .onConflictDoNothing()
          .returning({ id: s.id });
        throw new ProblemError(
          "conflict",
          "Another customer has this identity; without a verified match a person decides whether they are one (see the merge suggestion).",
          { customerId: existing.customerId, suggestionId: suggested?.id ?? null },
        );
      }
      const merged = await mergeByHand(c.env, db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        sourceId: existing.customerId,
        targetId: id,
        reason: "verified identity",
      });
      const [row] = await db
        .update(i)
        .set(values)
        .where(ownIdentity(organizationId, id, existing.id))
        .returning();
      if (!row) throw new Error("identity missing after the merge moved it");
      return c.json({ identity: identityView(row), merge: mergeView(merged) }, 201);
    }
    const identityId = crypto.randomUUID();
    const [[row]] = await db.batch([
      db
        .insert(i)
        .values({
          id: identityId,
          organizationId,
          customerId: id,
          channelId: body.channelId,
          channelIdentifier: body.channelIdentifier,
          ...values,
        })
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_identity.added",
        resource: "customer",
        resourceId: id,
        details: { identityId, channelId: body.channelId },
      }),
    ]);
    if (!row) throw new Error("insert returned no identity");
    return c.json({ identity: identityView(row) }, 201);
  })
  .openapi(remove, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id, identityId } = c.req.valid("param");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    const i = schema.customerIdentities;
    await assertOwnIdentity(db, organizationId, id, identityId);
    const [[row]] = await db.batch([
      db
        .delete(i)
        .where(ownIdentity(organizationId, id, identityId))
        .returning({ id: i.id }),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_identity.removed",
        resource: "customer",
        resourceId: id,
        details: { identityId },
      }),
    ]);
    if (!row) throw new ProblemError("not-found", "No such identity of this customer.");
    return c.body(null, 204);
  })
  .openapi(verify, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id, identityId } = c.req.valid("param");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    const i = schema.customerIdentities;
    await assertOwnIdentity(db, organizationId, id, identityId);
    const [[row]] = await db.batch([
      db
        .update(i)
        .set({ verified: true, confidenceScore: "1.00" })
        .where(ownIdentity(organizationId, id, identityId))
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_identity.verified",
        resource: "customer",
        resourceId: id,
        details: { identityId },
      }),
    ]);
    if (!row) throw new ProblemError("not-found", "No such identity of this customer.");
    return c.json({ identity: identityView(row) }, 200);
  });
