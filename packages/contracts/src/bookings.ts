import { customerInput, forwardedIdentity, rpcMethod } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { bookingSchema } from "./booking.ts";

const caller = { identity: forwardedIdentity };
const reason = z.string().trim().max(1_000).optional();
const isoTime = z.iso.datetime({ offset: true });

export const newBooking = z
  .object({
    meetingType: z.string().min(1).max(100).describe("The meeting type's slug or id."),
    startsAt: isoTime,
    customerId: z.uuid().optional(),
    customer: customerInput.optional(),
    conversationId: z.uuid().optional(),
    notes: z.string().max(5_000).optional(),
    confirm: z.boolean().optional().describe("Create it confirmed rather than requested."),
  })
  .strict();

export const availabilityQuery = z.object({
  from: isoTime.describe("Start of the range (ISO 8601)."),
  to: isoTime,
  meetingType: z.string().min(1).max(100).describe("The meeting type's slug or id."),
});

export const availabilitySchema = z.object({
  timezone: z.string(),
  meetingType: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), durationMinutes: z.number() }),
  slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string() }).openapi("Slot")),
});

const meetingTypeSummary = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
});

const oneBooking = z.object({ booking: bookingSchema });
const bookingFailures = [
  "not-found",
  "forbidden",
  "booking-conflict",
  "slot-unavailable",
  "invalid-transition",
  "conflict",
] as const;

/** What the tools worker asks of the bookings worker (its BookingsService entrypoint), as the tool's caller. */
export const bookingsContract = {
  meetingTypes: rpcMethod(z.object(caller).strict(), z.object({ data: z.array(meetingTypeSummary) }), ["forbidden"]),
  availability: rpcMethod(availabilityQuery.extend(caller).strict(), availabilitySchema, ["forbidden", "not-found"]),
  createBooking: rpcMethod(newBooking.extend(caller).strict(), oneBooking, bookingFailures),
  rescheduleBooking: rpcMethod(
    z.object({ ...caller, bookingId: z.uuid(), startsAt: isoTime, reason }).strict(),
    oneBooking,
    bookingFailures,
  ),
  cancelBooking: rpcMethod(z.object({ ...caller, bookingId: z.uuid(), reason }).strict(), oneBooking, bookingFailures),
};
