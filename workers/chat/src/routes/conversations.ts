import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import { conversationStatuses } from "@frontdesk/db/schema";
import { createApi, decodeCursor, page, pageQuery, pageSchema, problemResponses } from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { type IdentityVariables, requireScope } from "../identity.ts";

const conversationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(conversationStatuses),
    customerId: z.uuid(),
    channelId: z.uuid().nullable(),
    agentId: z.uuid().nullable(),
    title: z.string().nullable(),
    lastMessageAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Conversation");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the organization's conversations, newest first",
  security: [{ bearer: [] }],
  request: { query: pageQuery.extend({ status: z.enum(conversationStatuses).optional() }) },
  responses: {
    200: {
      description: "A page of conversations",
      content: { "application/json": { schema: pageSchema(conversationSchema) } },
    },
    ...problemResponses,
  },
});

export const conversations = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>().openapi(
  list,
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { limit, cursor, status } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const t = schema.conversations;
    const rows = await createDb(c.env)
      .select()
      .from(t)
      .where(
        and(
          eq(t.organizationId, identity.organizationId),
          status ? eq(t.status, status) : undefined,
          afterCursor(t.createdAt, t.id, after),
        ),
      )
      .orderBy(...newestFirst(t.createdAt, t.id))
      .limit(limit + 1);
    const result = page(rows, limit);
    return c.json(
      {
        data: result.data.map((row) => ({
          id: row.id,
          status: row.status,
          customerId: row.customerId,
          channelId: row.channelId,
          agentId: row.agentId,
          title: row.title,
          lastMessageAt: row.lastMessageAt ? row.lastMessageAt.toISOString() : null,
          createdAt: row.createdAt.toISOString(),
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);
