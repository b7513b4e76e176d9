import { bookingSchema, toBooking } from "@frontdesk/contracts/booking";
import { newBooking } from "@frontdesk/contracts/bookings";
import { createDb, schema } from "@frontdesk/db";
import { bookingStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  historyRoute,
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
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Context } from "hono";
import { type BookingsCaller, changeStatus, createBooking, rescheduleBooking } from "../bookings/operations.ts";
import { findBooking } from "../bookings/store.ts";
import type { StatusAction } from "../bookings/transitions.ts";
import type { BookingsEnv } from "../env.ts";

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ booking: bookingSchema }) } } };
const conflict = {
  description: "The slot (with the meeting type's buffers) is taken, or the booking's status does not allow this",
};

const createBody = newBooking.refine((body) => body.customerId !== undefined || body.customer !== undefined, {
  message: "Give customerId, or customer to find or create them (with customerId, customer is the booking's contact)",
  path: ["customer"],
});

const listQuery = pageQuery.extend({
  status: z.enum(bookingStatuses).optional(),
  customerId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Starting at or after." }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Starting before." }),
});

type App = { Bindings: BookingsEnv; Variables: IdentityVariables };
const app = createApi<App>();

const caller = (c: Context<App>): BookingsCaller => ({ env: c.env, ctx: c.executionCtx, identity: c.var.identity });

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Book a slot; answered 409 with the conflicting slot when it is taken",
    security,
    request: { body: { content: { "application/json": { schema: createBody } }, required: true } },
    responses: { 201: { description: "The booking", ...one }, 409: conflict, ...problemResponses },
  }),
  async (c) => c.json({ booking: await createBooking(caller(c), c.req.valid("json")) }, 201),
);

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "List bookings, newest first",
    security,
    request: { query: listQuery },
    responses: {
      200: {
        description: "A page of bookings",
        content: { "application/json": { schema: pageSchema(bookingSchema) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "bookings:read");
    const query = c.req.valid("query");
    const b = schema.bookings;
    const result = await newestFirstPage(createDb(c.env), b, c.var.identity.organizationId, query, {
      status: b.status,
      customerId: b.customerId,
      from: (from) => gte(b.startsAt, new Date(from)),
      to: (to) => lt(b.startsAt, new Date(to)),
    });
    return c.json({ data: result.data.map(toBooking), nextCursor: result.nextCursor }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One booking",
    security,
    request: { params: idParam },
    responses: { 200: { description: "The booking", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    requireScope(c.var.identity, "bookings:read");
    const row = await findBooking(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    return c.json({ booking: toBooking(row) }, 200);
  },
);

const changeSchema = z
  .object({
    action: z.string(),
    oldStatus: z.string().nullable(),
    newStatus: z.string(),
    oldStartsAt: z.string().nullable(),
    newStartsAt: z.string(),
    newEndsAt: z.string(),
    sequence: z.number().int(),
    changedBy: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("BookingChange");

historyRoute(app, {
  summary: "Every change of a booking, oldest first",
  scope: "bookings:read",
  item: changeSchema,
  find: findBooking,
  changes: (db, organizationId, id) => {
    const h = schema.bookingChanges;
    return db
      .select()
      .from(h)
      .where(and(eq(h.organizationId, organizationId), eq(h.bookingId, id)))
      .orderBy(asc(h.sequence), asc(h.createdAt));
  },
  view: (row) => ({
    action: row.action,
    oldStatus: row.oldStatus,
    newStatus: row.newStatus,
    oldStartsAt: row.oldStartsAt?.toISOString() ?? null,
    newStartsAt: row.newStartsAt.toISOString(),
    newEndsAt: row.newEndsAt.toISOString(),
    sequence: row.sequence,
    changedBy: row.changedBy,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  }),
});

const reasonBody = z.object({ reason: z.string().trim().max(1_000).optional() }).strict();

/** confirm, cancel, complete and no-show: one route shape over the status machine. */
function statusRoute(path: string, action: StatusAction, summary: string) {
  app.openapi(
    createRoute({
      method: "post",
      path: `/{id}/${path}`,
      summary,
      security,
      request: {
        params: idParam,
        body: { content: { "application/json": { schema: reasonBody } }, required: false },
      },
      responses: {
        200: { description: "The booking", ...one },
        404: notFoundResponse,
        409: conflict,
        ...problemResponses,
      },
    }),
    async (c) => {
      const booking = await changeStatus(caller(c), c.req.valid("param").id, action, c.req.valid("json")?.reason);
      return c.json({ booking }, 200);
    },
  );
}

statusRoute("confirm", "confirmed", "Confirm a requested booking");
statusRoute("cancel", "cancelled", "Cancel a booking (its slot opens again)");
statusRoute("complete", "completed", "Mark a confirmed booking as done");
statusRoute("no-show", "no_show", "Mark a confirmed booking as missed by the customer");

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/reschedule",
    summary: "Move a booking to another slot; its status stays, its SEQUENCE goes up",
    security,
    request: {
      params: idParam,
      body: {
        content: {
          "application/json": {
            schema: z
              .object({ startsAt: z.iso.datetime({ offset: true }), reason: z.string().trim().max(1_000).optional() })
              .strict(),
          },
        },
        required: true,
      },
    },
    responses: {
      200: { description: "The booking", ...one },
      404: notFoundResponse,
      409: conflict,
      ...problemResponses,
    },
  }),
  async (c) => {
    const { startsAt, reason } = c.req.valid("json");
    return c.json({ booking: await rescheduleBooking(caller(c), c.req.valid("param").id, startsAt, reason) }, 200);
  },
);

export const bookings = app;
