import { type BookingRow, type BookingView, toBooking } from "@frontdesk/contracts/booking";
import type { availabilityQuery, newBooking } from "@frontdesk/contracts/bookings";
import { createDb, type Database, resolveCustomer, schema } from "@frontdesk/db";
import { packagedPhoneDataSource } from "@frontdesk/db/phone-data";
import { actorLabel, type ForwardedIdentity, ownedBy, ProblemError, requireScope } from "@frontdesk/http";
import type * as z from "@frontdesk/http/zod";
import { dispatchSoon } from "@frontdesk/webhooks";
import { sql } from "drizzle-orm";
import { loadCalendar } from "../availability/load-calendar.ts";
import { availableSlots } from "../availability/slots.ts";
import type { BookingsEnv } from "../env.ts";
import { emailCustomer } from "./confirmation-email.ts";
import { checkSlot } from "./slot-check.ts";
import { type BookingChange, changeBooking, findBooking, insertBooking } from "./store.ts";
import { assertReschedulable, nextStatus, type StatusAction } from "./transitions.ts";

/**
 * What a booking is asked by: the public routes and the BookingsService entrypoint (the tools
 * worker's assistant and API callers) run the same operations, with the same scope checks.
 */
export interface BookingsCaller {
  env: BookingsEnv;
  ctx: { waitUntil(promise: Promise<unknown>): void };
  identity: ForwardedIdentity;
}

export const maxRangeDays = 62;

export async function openSlots(caller: BookingsCaller, query: z.infer<typeof availabilityQuery>) {
  requireScope(caller.identity, "bookings:read");
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from || to.getTime() - from.getTime() > maxRangeDays * 86_400_000) {
    throw new ProblemError("validation-failed", `to must be after from, and at most ${maxRangeDays} days later.`, {
      errors: [{ path: "to", message: "out of range" }],
    });
  }
  const { calendar, meetingType, rules } = await loadCalendar(
    createDb(caller.env),
    caller.identity.organizationId,
    query.meetingType,
    from,
    to,
  );
  const slots = availableSlots(calendar, rules, from, to, new Date());
  return {
    timezone: calendar.timezone,
    meetingType: {
      id: meetingType.id,
      slug: meetingType.slug,
      name: meetingType.name,
      durationMinutes: meetingType.durationMinutes,
    },
    slots: slots.map((slot) => ({ startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() })),
  };
}

export async function createBooking(caller: BookingsCaller, body: z.infer<typeof newBooking>): Promise<BookingView> {
  const { env, identity } = caller;
  requireScope(identity, "bookings:write");
  if (body.customerId === undefined && body.customer === undefined) {
    throw new ProblemError("validation-failed", "Give customerId, or customer to find or create them.", {
      errors: [{ path: "customer", message: "customerId or customer is required" }],
    });
  }
  const db = createDb(env);
  const organizationId = identity.organizationId;
  const slot = await checkSlot(db, organizationId, body.meetingType, new Date(body.startsAt));
  const customerId =
    body.customerId ??
    (await resolveCustomer(db, organizationId, { ...body.customer, verified: true }, null, packagedPhoneDataSource));
  // Both ownership checks in one round trip.
  const [[customer], [conversation]] = await db.batch([
    db
      .select({ name: schema.customers.name, email: schema.customers.email })
      .from(schema.customers)
      .where(ownedBy(schema.customers, customerId, organizationId)),
    db
      .select({ id: schema.conversations.id })
      .from(schema.conversations)
      .where(body.conversationId ? ownedBy(schema.conversations, body.conversationId, organizationId) : sql`false`),
  ]);
  if (!customer) throw new ProblemError("not-found", "No such customer in this organization.");
  if (body.conversationId && !conversation) {
    throw new ProblemError("not-found", "No such conversation in this organization.");
  }
  const { row, messageId } = await insertBooking(db, {
    organizationId,
    customerId,
    customerName: body.customer?.name ?? customer.name,
    customerEmail: body.customer?.email ?? customer.email,
    conversationId: body.conversationId ?? null,
    notes: body.notes ?? null,
    status: body.confirm ? "confirmed" : "requested",
    slot,
    changedBy: actorLabel(identity),
  });
  dispatchSoon(caller.ctx, env, organizationId, messageId);
  caller.ctx.waitUntil(emailCustomer(env, row, "booking_confirmation"));
  return toBooking(row);
}

/**
 * A change to an existing booking, as the caller: the booking is found in their organization,
 * `plan` says what changes (it may refuse), the change is stored with its history and webhook, and
 * the webhook is sent after the answer.
 */
async function changeExisting(
  caller: BookingsCaller,
  id: string,
  plan: (current: BookingRow, db: Database) => Promise<Omit<BookingChange, "changedBy">>,
): Promise<BookingView> {
  const { env, identity } = caller;
  requireScope(identity, "bookings:write");
  const db = createDb(env);
  const current = await findBooking(db, identity.organizationId, id);
  const change = await plan(current, db);
  const { row, messageId } = await changeBooking(db, current, { ...change, changedBy: actorLabel(identity) });
  dispatchSoon(caller.ctx, env, identity.organizationId, messageId);
  // The customer's calendar follows: a moved booking is re-sent, a cancelled one withdrawn.
  if (change.action === "rescheduled") caller.ctx.waitUntil(emailCustomer(env, row, "booking_rescheduled"));
  if (row.status === "cancelled" && current.status !== "cancelled") {
    caller.ctx.waitUntil(emailCustomer(env, row, "booking_cancelled"));
  }
  return toBooking(row);
}

/** confirm, cancel, complete and no-show: one operation over the status machine. */
export const changeStatus = (caller: BookingsCaller, id: string, action: StatusAction, reason: string | undefined) =>
  changeExisting(caller, id, async (current) => ({
    action,
    status: nextStatus(current.status, action),
    reason: reason ?? null,
  }));

/** Moves a booking to another open slot; its status stays, its SEQUENCE goes up. */
export const rescheduleBooking = (caller: BookingsCaller, id: string, startsAt: string, reason: string | undefined) =>
  changeExisting(caller, id, async (current, db) => {
    assertReschedulable(current.status);
    const slot = await checkSlot(
      db,
      caller.identity.organizationId,
      current.meetingTypeId ?? current.meetingType ?? "",
      new Date(startsAt),
    );
    return { action: "rescheduled", status: current.status, slot, reason: reason ?? null };
  });
