import { createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  allowsPrivateUrls,
  assertPublicUrl,
  auditEntry,
  createApi,
  encryptCredentials,
  findOwned,
  type IdentityVariables,
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
import { endpointSecretContext, newSigningSecret, webhookEventTypes } from "@frontdesk/webhooks";
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BookingsEnv } from "../env.ts";

const security = [{ bearer: [] }];

const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.enum(webhookEventTypes)).openapi({ description: "Empty: every event." }),
    isActive: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("WebhookEndpoint");
type EndpointRow = typeof schema.webhookEndpoints.$inferSelect;
const toEndpoint = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes as (typeof webhookEventTypes)[number][],
  isActive: row.isActive,
  disabledReason: row.disabledReason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const one = { content: { "application/json": { schema: z.object({ endpoint: endpointSchema }) } } };

const fields = {
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .openapi({ description: "Receives POSTs signed per Standard Webhooks." }),
  description: z.string().max(500).nullable(),
  eventTypes: z.array(z.enum(webhookEventTypes)).max(webhookEventTypes.length),
};

/** Endpoints per organization (WEBHOOK_ENDPOINTS_PER_ORGANIZATION, 20): each costs every dispatcher a slot. */
const endpointCap = (env: BookingsEnv) => {
  const configured = Number.parseInt(env.WEBHOOK_ENDPOINTS_PER_ORGANIZATION ?? "", 10);
  return Number.isFinite(configured) && configured > 0 ? configured : 20;
};

const app = createApi<{ Bindings: BookingsEnv; Variables: IdentityVariables }>();

const audit = (
  db: ReturnType<typeof createDb>,
  headers: Headers,
  identity: IdentityVariables["identity"],
  action: string,
  id: string,
) =>
  auditEntry(db, headers, actorOf(identity), {
    organizationId: identity.organizationId,
    action,
    resource: "webhook_endpoint",
    resourceId: id,
  });

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Register a URL for booking and ticket events; the signing secret is shown once",
    security,
    request: {
      body: {
        content: {
          "application/json": { schema: z.object(fields).partial({ description: true, eventTypes: true }).strict() },
        },
        required: true,
      },
    },
    responses: {
      201: {
        description: "The endpoint and its `whsec_` signing secret (stored encrypted, never shown again)",
        content: { "application/json": { schema: z.object({ endpoint: endpointSchema, secret: z.string() }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const body = c.req.valid("json");
    assertPublicUrl(body.url, allowsPrivateUrls(c.env));
    const db = createDb(c.env);
    const cap = endpointCap(c.env);
    const [held] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.organizationId, identity.organizationId));
    if ((held?.count ?? 0) >= cap)
      throw new ProblemError(
        "conflict",
        `An organization may have at most ${cap} webhook endpoints; delete one first.`,
      );
    const id = crypto.randomUUID();
    const secret = newSigningSecret();
    const secretCiphertext = await encryptCredentials(
      { secret },
      c.env.FRONTDESK_ENCRYPTION_KEY,
      endpointSecretContext(identity.organizationId, id),
    );
    const [[row]] = await db.batch([
      db
        .insert(schema.webhookEndpoints)
        .values({
          id,
          organizationId: identity.organizationId,
          url: body.url,
          description: body.description ?? null,
          eventTypes: body.eventTypes ?? [],
          secretCiphertext,
        })
        .returning(),
      audit(db, c.req.raw.headers, identity, "create", id),
    ]);
    if (!row) throw new Error("insert returned no row");
    return c.json({ endpoint: toEndpoint(row), secret }, 201);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "List webhook endpoints, newest first",
    security,
    request: { query: pageQuery },
    responses: {
      200: {
        description: "A page of endpoints",
        content: { "application/json": { schema: pageSchema(endpointSchema) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "config:read");
    const query = c.req.valid("query");
    const e = schema.webhookEndpoints;
    const result = await newestFirstPage(createDb(c.env), e, c.var.identity.organizationId, query);
    return c.json({ data: result.data.map(toEndpoint), nextCursor: result.nextCursor }, 200);
  },
);

async function findEndpoint(db: ReturnType<typeof createDb>, organizationId: string, id: string) {
  const row = await findOwned(db, schema.webhookEndpoints, id, organizationId, "webhook endpoint");
  return row;
}

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One webhook endpoint",
    security,
    request: { params: idParam },
    responses: { 200: { description: "The endpoint", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    requireScope(c.var.identity, "config:read");
    const row = await findEndpoint(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    return c.json({ endpoint: toEndpoint(row) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Change an endpoint; isActive: true re-enables one that was disabled",
    security,
    request: {
      params: idParam,
      body: {
        content: {
          "application/json": {
            schema: z
              .object({ ...fields, isActive: z.boolean() })
              .partial()
              .strict(),
          },
        },
        required: true,
      },
    },
    responses: { 200: { description: "The endpoint", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (body.url !== undefined) assertPublicUrl(body.url, allowsPrivateUrls(c.env));
    const db = createDb(c.env);
    await findEndpoint(db, identity.organizationId, id);
    const e = schema.webhookEndpoints;
    const [[row]] = await db.batch([
      db
        .update(e)
        .set({ ...body, ...(body.isActive ? { disabledReason: null } : {}) })
        .where(ownedBy(e, id, identity.organizationId))
        .returning(),
      audit(db, c.req.raw.headers, identity, "update", id),
    ]);
    if (!row) throw new ProblemError("not-found", "No such webhook endpoint in this organization.");
    return c.json({ endpoint: toEndpoint(row) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Delete an endpoint and its delivery log",
    security,
    request: { params: idParam },
    responses: { 204: { description: "Deleted" }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    await findEndpoint(db, identity.organizationId, id);
    await db.batch([
      db.delete(schema.webhookEndpoints).where(ownedBy(schema.webhookEndpoints, id, identity.organizationId)),
      audit(db, c.req.raw.headers, identity, "delete", id),
    ]);
    return c.body(null, 204);
  },
);

const attemptSchema = z.object({
  attempt: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  createdAt: z.string(),
});
const deliverySchema = z
  .object({
    id: z.uuid(),
    messageId: z.string().openapi({ description: "The `webhook-id` header: the same on every retry." }),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    payload: z.record(z.string(), z.unknown()),
    attempts: z.array(attemptSchema),
  })
  .openapi("WebhookDelivery");

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}/deliveries",
    summary: "The endpoint's delivery log, newest first, with every attempt",
    security,
    request: { params: idParam, query: pageQuery },
    responses: {
      200: {
        description: "A page of deliveries",
        content: { "application/json": { schema: pageSchema(deliverySchema) } },
      },
      404: notFoundResponse,
      ...problemResponses,
    },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:read");
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const db = createDb(c.env);
    await findEndpoint(db, identity.organizationId, id);
    const d = schema.webhookDeliveries;
    const result = await newestFirstPage(db, d, identity.organizationId, query, {}, eq(d.endpointId, id));
    const a = schema.webhookDeliveryAttempts;
    const attempts = result.data.length
      ? await db
          .select()
          .from(a)
          .where(
            and(
              eq(a.organizationId, identity.organizationId),
              inArray(
                a.deliveryId,
                result.data.map((row) => row.id),
              ),
            ),
          )
          .orderBy(asc(a.attempt))
      : [];
    return c.json(
      {
        data: result.data.map((row) => ({
          id: row.id,
          messageId: row.messageId,
          eventType: row.eventType,
          status: row.status,
          attemptCount: row.attemptCount,
          nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
          lastResponseStatus: row.lastResponseStatus,
          lastError: row.lastError,
          deliveredAt: row.deliveredAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
          payload: row.payload,
          attempts: attempts
            .filter((attempt) => attempt.deliveryId === row.id)
            .map((attempt) => ({
              attempt: attempt.attempt,
              responseStatus: attempt.responseStatus,
              error: attempt.error,
              durationMs: attempt.durationMs,
              createdAt: attempt.createdAt.toISOString(),
            })),
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);

export const webhookEndpoints = app;
