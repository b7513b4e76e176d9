import { createDb, schema } from "@frontdesk/db";
import { leadStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  type IdentityVariables,
  newestFirstPage,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ToolsEnv } from "../env.ts";

const leadSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid().nullable(),
    conversationId: z.uuid().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
    context: z.string().nullable(),
    status: z.enum(leadStatuses),
    sourceIntent: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Lead");

/** `/v1/leads`: what capture_lead collected, newest first. */
export const leads = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables }>().openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "Captured leads, newest first",
    security: [{ bearer: [] }],
    request: { query: pageQuery.extend({ status: z.enum(leadStatuses).optional() }) },
    responses: {
      200: { description: "A page of leads", content: { "application/json": { schema: pageSchema(leadSchema) } } },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "conversations:read");
    const query = c.req.valid("query");
    const l = schema.leads;
    const result = await newestFirstPage(
      createDb(c.env),
      l,
      c.var.identity.organizationId,
      query,
      query.status ? eq(l.status, query.status) : undefined,
    );
    return c.json(
      {
        data: result.data.map((row) => ({
          id: row.id,
          customerId: row.customerId,
          conversationId: row.conversationId,
          name: row.name,
          email: row.email,
          phone: row.phone,
          role: row.role,
          context: row.context,
          status: row.status,
          sourceIntent: row.sourceIntent,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);
