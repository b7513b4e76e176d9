import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import {
  createApi,
  decodeCursor,
  type IdentityVariables,
  pageBy,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { messageSchema, toMessage } from "./schemas.ts";

const hitSchema = messageSchema
  .extend({ highlight: z.string().openapi({ description: "The matching passage, matches wrapped in <mark>." }) })
  .openapi("MessageSearchHit");

const search = createRoute({
  method: "get",
  path: "/search",
  summary: "Full-text search across the organization's messages, newest first",
  description: 'Web-search syntax: words (all must match, stemmed), "quoted phrases", `or`, and `-excluded` words.',
  security: [{ bearer: [] }],
  request: {
    query: pageQuery.extend({
      q: z.string().trim().min(1).max(500),
      conversationId: z.uuid().optional(),
    }),
  },
  responses: {
    200: { description: "Matching messages", content: { "application/json": { schema: pageSchema(hitSchema) } } },
    ...problemResponses,
  },
});

/** `/v1/messages`: search over every conversation of the organization. */
export const messages = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>().openapi(search, async (c) => {
  requireScope(c.var.identity, "conversations:read");
  const { q, conversationId, limit, cursor } = c.req.valid("query");
  const m = schema.messages;
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const rows = await createDb(c.env)
    .select({
      message: m,
      highlight: sql<string>`ts_headline('english', ${m.content}, ${query}, 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2')`,
    })
    .from(m)
    .where(
      and(
        eq(m.organizationId, c.var.identity.organizationId),
        sql`${m.searchVector} @@ ${query}`,
        conversationId ? eq(m.conversationId, conversationId) : undefined,
        afterCursor(m.createdAt, m.id, decodeCursor(cursor)),
      ),
    )
    .orderBy(...newestFirst(m.createdAt, m.id))
    .limit(limit + 1);
  const result = pageBy(rows, limit, (row) => row.message);
  return c.json(
    {
      data: result.data.map(({ message, highlight }) => ({ ...toMessage(message), highlight })),
      nextCursor: result.nextCursor,
    },
    200,
  );
});
