import { attribution } from "@frontdesk/contracts/attribution";
import { afterCursor, createDb, newestFirst, resolveCustomer, schema } from "@frontdesk/db";
import { conversationStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  customerInput,
  decodeCursor,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ProblemError,
  page,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, gte, lt } from "drizzle-orm";
import { startConversation } from "../conversations/start.ts";
import { assetPhoneData } from "../customers/phone-data.ts";
import type { ChatEnv } from "../env.ts";
import { conversationSchema, messageSchema, toConversation, toMessage } from "./schemas.ts";

const security = [{ bearer: [] }];

const createBody = z
  .object({
    customer: customerInput,
    channelId: z.uuid().optional(),
    title: z.string().trim().max(200).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    attribution: attribution.optional(),
  })
  .strict();

const listQuery = pageQuery.extend({
  status: z.enum(conversationStatuses).optional(),
  channelId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  visitorSessionId: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "Web chat: one visitor's browser (the visitorId of the visitor API)." }),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Started at or after (ISO 8601)." }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Started before (ISO 8601)." }),
});

const one = { content: { "application/json": { schema: z.object({ conversation: conversationSchema }) } } };

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Start a conversation; the customer is found through their identities or created",
  security,
  request: { body: { content: { "application/json": { schema: createBody } }, required: true } },
  responses: { 201: { description: "The conversation", ...one }, ...problemResponses },
});
const list = createRoute({
  method: "get",
  path: "/",
  summary: "List conversations, newest first, filtered by status, channel, agent, customer, visitor and date",
  security,
  request: { query: listQuery },
  responses: {
    200: {
      description: "A page of conversations",
      content: { "application/json": { schema: pageSchema(conversationSchema) } },
    },
    ...problemResponses,
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One conversation",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The conversation", ...one }, 404: notFoundResponse, ...problemResponses },
});
const history = createRoute({
  method: "get",
  path: "/{id}/messages",
  summary: "The conversation's messages, newest first",
  security,
  request: { params: idParam, query: pageQuery },
  responses: {
    200: { description: "A page of messages", content: { "application/json": { schema: pageSchema(messageSchema) } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});

const notFound = () => new ProblemError("not-found", "No such conversation in this organization.");

export const conversations = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(create, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const body = c.req.valid("json");
    const db = createDb(c.env);
    const organizationId = identity.organizationId;
    const channelId = body.channelId ?? null;
    if (channelId) {
      const [channel] = await db
        .select({ id: schema.channels.id })
        .from(schema.channels)
        .where(and(eq(schema.channels.organizationId, organizationId), eq(schema.channels.id, channelId)));
      if (!channel) throw new ProblemError("validation-failed", "channelId: no such channel in this organization.");
    }
    // The business's own API vouches for the customer it names.
    const customerId = await resolveCustomer(
      db,
      organizationId,
      { ...body.customer, verified: true },
      channelId,
      assetPhoneData(c.env.ASSETS),
    );
    const row = await startConversation(c.env, {
      organizationId,
      customerId,
      channelId,
      title: body.title,
      metadata: body.metadata,
      attribution: body.attribution,
    });
    return c.json({ conversation: toConversation(row) }, 201);
  })
  .openapi(list, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { limit, cursor, status, channelId, agentId, customerId, visitorSessionId, from, to } = c.req.valid("query");
    const t = schema.conversations;
    const rows = await createDb(c.env)
      .select()
      .from(t)
      .where(
        and(
          eq(t.organizationId, identity.organizationId),
          status ? eq(t.status, status) : undefined,
          channelId ? eq(t.channelId, channelId) : undefined,
          agentId ? eq(t.agentId, agentId) : undefined,
          customerId ? eq(t.customerId, customerId) : undefined,
          visitorSessionId ? eq(t.visitorSessionId, visitorSessionId) : undefined,
          from ? gte(t.startedAt, new Date(from)) : undefined,
          to ? lt(t.startedAt, new Date(to)) : undefined,
          afterCursor(t.createdAt, t.id, decodeCursor(cursor)),
        ),
      )
      .orderBy(...newestFirst(t.createdAt, t.id))
      .limit(limit + 1);
    const result = page(rows, limit);
    return c.json({ data: result.data.map(toConversation), nextCursor: result.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { id } = c.req.valid("param");
    const t = schema.conversations;
    const [row] = await createDb(c.env)
      .select()
      .from(t)
      .where(and(eq(t.organizationId, identity.organizationId), eq(t.id, id)));
    if (!row) throw notFound();
    return c.json({ conversation: toConversation(row) }, 200);
  })
  .openapi(history, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const db = createDb(c.env);
    const m = schema.messages;
    const t = schema.conversations;
    const [owned, rows] = await db.batch([
      db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.organizationId, identity.organizationId), eq(t.id, id))),
      db
        .select()
        .from(m)
        .where(
          and(
            eq(m.organizationId, identity.organizationId),
            eq(m.conversationId, id),
            afterCursor(m.createdAt, m.id, decodeCursor(cursor)),
          ),
        )
        .orderBy(...newestFirst(m.createdAt, m.id))
        .limit(limit + 1),
    ]);
    if (owned.length === 0) throw notFound();
    const result = page(rows, limit);
    return c.json(
      {
        data: result.data.map(toMessage),
        nextCursor: result.nextCursor,
      },
      200,
    );
  });
