import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import {
  createApi,
  decodeCursor,
  type IdentityVariables,
  page,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { EventsEnv } from "../env.ts";
import { callTypes, ingestResult, nativeBatch } from "../ingest/event-schema.ts";
import { ingest } from "../ingest/ingest.ts";
import { validateNative } from "../ingest/validate-batch.ts";

const result = { content: { "application/json": { schema: ingestResult } } };
const security = [{ bearer: [] }];

const send = createRoute({
  method: "post",
  path: "/",
  summary: "Send a batch of events (at most 2,500; each at most 32 KB)",
  description:
    "Exactly once per messageId: a retried batch stores nothing twice. Invalid events are listed in `rejected`; the valid ones are kept.",
  security,
  request: { body: { content: { "application/json": { schema: nativeBatch } }, required: true } },
  responses: {
    200: { description: "Stored", ...result },
    202: { description: "Large batch: queued, stored within seconds", ...result },
    ...problemResponses,
  },
});

const storedEvent = z
  .object({
    id: z.uuid(),
    type: z.string(),
    event: z.string(),
    messageId: z.string().nullable(),
    userId: z.string().nullable(),
    anonymousId: z.string().nullable(),
    customerId: z.uuid().nullable(),
    conversationId: z.uuid().nullable(),
    properties: z.record(z.string(), z.unknown()),
    traits: z.record(z.string(), z.unknown()),
    occurredAt: z.string(),
    receivedAt: z.string(),
  })
  .openapi("StoredEvent");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Recent raw events, newest received first",
  security,
  request: {
    query: pageQuery.extend({
      type: z.enum([...callTypes, "system"]).optional(),
      event: z.string().max(200).optional(),
      userId: z.string().max(200).optional(),
      anonymousId: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: { description: "A page of events", content: { "application/json": { schema: pageSchema(storedEvent) } } },
    ...problemResponses,
  },
});

/** `/v1/events`: Frontdesk's own batch endpoint, and the raw events it stored. */
export const events = createApi<{ Bindings: EventsEnv; Variables: IdentityVariables }>()
  .openapi(send, async (c) => {
    requireScope(c.var.identity, "events:write");
    const body = c.req.valid("json");
    const { status, body: outcome } = await ingest(
      c.env,
      validateNative(body.events, {
        organizationId: c.var.identity.organizationId,
        receivedAt: new Date(),
        sentAt: body.sentAt,
      }),
    );
    return c.json(outcome, status);
  })
  .openapi(list, async (c) => {
    requireScope(c.var.identity, "analytics:read");
    const query = c.req.valid("query");
    const t = schema.analyticsEvents;
    const rows = await createDb(c.env)
      .select()
      .from(t)
      .where(
        and(
          eq(t.organizationId, c.var.identity.organizationId),
          query.type ? eq(t.kind, query.type) : undefined,
          query.event ? eq(t.eventType, query.event) : undefined,
          query.userId ? eq(t.userId, query.userId) : undefined,
          query.anonymousId ? eq(t.anonymousId, query.anonymousId) : undefined,
          afterCursor(t.receivedAt, t.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...newestFirst(t.receivedAt, t.id))
      .limit(query.limit + 1);
    const result = page(
      rows.map((row) => ({ ...row, createdAt: row.receivedAt })),
      query.limit,
    );
    return c.json(
      {
        data: result.data.map((row) => ({
          id: row.id,
          type: row.kind,
          event: row.eventType,
          messageId: row.messageId,
          userId: row.userId,
          anonymousId: row.anonymousId,
          customerId: row.customerId,
          conversationId: row.conversationId,
          properties: row.properties,
          traits: row.traits,
          occurredAt: row.occurredAt.toISOString(),
          receivedAt: row.receivedAt.toISOString(),
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  });
