import { createDb, schema } from "@frontdesk/db";
import { leadStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  type IdentityVariables,
  idParam,
  newestFirstPage,
  notFoundResponse,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { dispatchSoon } from "@frontdesk/webhooks";
import { createRoute } from "@hono/zod-openapi";
import type { ToolsEnv } from "../env.ts";
import { changeLead } from "../leads/store.ts";

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
    ownerUserId: z.uuid().nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Lead");

type LeadRow = typeof schema.leads.$inferSelect;

export const toLead = (row: LeadRow): z.infer<typeof leadSchema> => ({
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
  ownerUserId: row.ownerUserId,
  notes: row.notes,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Move a lead on (new → contacted → qualified → converted | lost), set its owner and notes",
  description:
    "A status that does not follow from the current one is 409 with the allowed next ones. Every change is an analytics event (`lead_status_changed`, `lead_updated`) and a webhook (`lead.status_changed`, `lead.updated`).",
  security: [{ bearer: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              status: z.enum(leadStatuses),
              ownerUserId: z.uuid().nullable(),
              notes: z.string().trim().max(10_000).nullable(),
            })
            .partial()
            .strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "The lead", content: { "application/json": { schema: z.object({ lead: leadSchema }) } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});

/** `/v1/leads`: what capture_lead collected, newest first. */
export const leads = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables }>();

leads.openapi(update, async (c) => {
  const identity = c.var.identity;
  requireScope(identity, "conversations:write");
  const { id } = c.req.valid("param");
  const changes = c.req.valid("json");
  const { row, messageId } = await changeLead(createDb(c.env), c.req.raw.headers, identity, id, changes);
  dispatchSoon(c.executionCtx, c.env, identity.organizationId, messageId);
  return c.json({ lead: toLead(row) }, 200);
});

leads.openapi(
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
    const result = await newestFirstPage(createDb(c.env), l, c.var.identity.organizationId, query, {
      status: l.status,
    });
    return c.json(
      {
        data: result.data.map(toLead),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);
