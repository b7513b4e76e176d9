import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import { ticketPriorities, ticketStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  historyRoute,
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
import { dispatchSoon, enqueueWebhook } from "@frontdesk/webhooks";
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import type { ToolsEnv } from "../env.ts";
import { changeTicketStatus, findTicket, insertTicket } from "../tickets/store.ts";
import { ticketSchema, toTicket } from "../tickets/view.ts";

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ ticket: ticketSchema }) } } };
const app = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables }>();

const editable = {
  subject: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).nullable(),
  priority: z.enum(ticketPriorities),
  category: z.string().trim().max(100).nullable(),
  assignedToUserId: z.uuid().nullable(),
};

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Open a ticket for a customer, optionally from a conversation",
    security,
    request: {
      body: {
        content: {
          "application/json": {
            schema: z
              .object({ ...editable, customerId: z.uuid().optional(), conversationId: z.uuid().optional() })
              .partial({ description: true, priority: true, category: true, assignedToUserId: true })
              .strict()
              .refine((body) => body.customerId || body.conversationId, {
                message: "Give customerId or conversationId",
                path: ["customerId"],
              }),
          },
        },
        required: true,
      },
    },
    responses: { 201: { description: "The ticket", ...one }, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "tickets:write");
    const body = c.req.valid("json");
    const db = createDb(c.env);
    let customerId = body.customerId;
    if (body.conversationId) {
      const [conversation] = await db
        .select({ customerId: schema.conversations.customerId })
        .from(schema.conversations)
        .where(ownedBy(schema.conversations, body.conversationId, identity.organizationId));
      if (!conversation) throw new ProblemError("not-found", "No such conversation in this organization.");
      customerId ??= conversation.customerId;
    }
    const { row, messageId } = await insertTicket(db, identity, {
      customerId: customerId ?? "",
      conversationId: body.conversationId ?? null,
      subject: body.subject,
      description: body.description ?? null,
      priority: body.priority ?? "medium",
      category: body.category ?? null,
      assignedToUserId: body.assignedToUserId ?? null,
    });
    dispatchSoon(c.executionCtx, c.env, identity.organizationId, messageId);
    return c.json({ ticket: toTicket(row) }, 201);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "List tickets, newest first, with filters",
    security,
    request: {
      query: pageQuery.extend({
        status: z.enum(ticketStatuses).optional(),
        priority: z.enum(ticketPriorities).optional(),
        category: z.string().max(100).optional(),
        assignedToUserId: z.uuid().optional(),
        customerId: z.uuid().optional(),
        conversationId: z.uuid().optional(),
      }),
    },
    responses: {
      200: { description: "A page of tickets", content: { "application/json": { schema: pageSchema(ticketSchema) } } },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "tickets:read");
    const query = c.req.valid("query");
    const t = schema.tickets;
    const result = await newestFirstPage(createDb(c.env), t, c.var.identity.organizationId, query, {
      status: t.status,
      priority: t.priority,
      category: t.category,
      assignedToUserId: t.assignedToUserId,
      customerId: t.customerId,
      conversationId: t.conversationId,
    });
    return c.json({ data: result.data.map(toTicket), nextCursor: result.nextCursor }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One ticket",
    security,
    request: { params: idParam },
    responses: { 200: { description: "The ticket", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    requireScope(c.var.identity, "tickets:read");
    const row = await findTicket(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    return c.json({ ticket: toTicket(row) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Change a ticket's subject, description, priority, category or assignee (status: POST /status)",
    security,
    request: {
      params: idParam,
      body: { content: { "application/json": { schema: z.object(editable).partial().strict() } }, required: true },
    },
    responses: { 200: { description: "The ticket", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "tickets:write");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const db = createDb(c.env);
    const current = await findTicket(db, identity.organizationId, id);
    const t = schema.tickets;
    const webhook = enqueueWebhook(db, identity.organizationId, "ticket.updated", {
      ticket: toTicket({ ...current, ...body, updatedAt: new Date() }),
      changed: Object.keys(body),
    });
    try {
      const [[row]] = await db.batch([
        db
          .update(t)
          .set(body)
          .where(ownedBy(t, id, identity.organizationId))
          .returning(),
        webhook.statement,
      ]);
      if (!row) throw new ProblemError("not-found", "No such ticket in this organization.");
      dispatchSoon(c.executionCtx, c.env, identity.organizationId, webhook.messageId);
      return c.json({ ticket: toTicket(row) }, 200);
    } catch (error) {
      if (postgresErrorCode(error) === "23503") {
        throw new ProblemError("validation-failed", "The assignee is not a user of this organization.");
      }
      throw error;
    }
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/status",
    summary: "Move a ticket through its status machine; the change is recorded with who made it",
    security,
    request: {
      params: idParam,
      body: {
        content: {
          "application/json": {
            schema: z.object({ status: z.enum(ticketStatuses), comment: z.string().max(2_000).optional() }).strict(),
          },
        },
        required: true,
      },
    },
    responses: {
      200: { description: "The ticket", ...one },
      404: notFoundResponse,
      409: { description: "Not allowed from the current status" },
      ...problemResponses,
    },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "tickets:write");
    const db = createDb(c.env);
    const current = await findTicket(db, identity.organizationId, c.req.valid("param").id);
    const body = c.req.valid("json");
    const { row, messageId } = await changeTicketStatus(db, identity, current, body.status, body.comment ?? null);
    dispatchSoon(c.executionCtx, c.env, identity.organizationId, messageId);
    return c.json({ ticket: toTicket(row) }, 200);
  },
);

const historySchema = z
  .object({
    oldStatus: z.string().nullable(),
    newStatus: z.string(),
    changedBy: z.string().nullable(),
    comment: z.string().nullable(),
    changedAt: z.string(),
  })
  .openapi("TicketStatusChange");

historyRoute(app, {
  summary: "The ticket's status changes, oldest first",
  scope: "tickets:read",
  item: historySchema,
  find: findTicket,
  changes: (db, organizationId, id) => {
    const h = schema.ticketStatusChanges;
    return db
      .select()
      .from(h)
      .where(and(eq(h.organizationId, organizationId), eq(h.ticketId, id)))
      .orderBy(asc(h.changedAt), asc(h.id));
  },
  view: (row) => ({
    oldStatus: row.oldStatus,
    newStatus: row.newStatus,
    changedBy: row.changedBy,
    comment: row.comment,
    changedAt: row.changedAt.toISOString(),
  }),
});

export const tickets = app;
