import type { schema } from "@frontdesk/db";
import { bookingStatuses } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

export type BookingRow = typeof schema.bookings.$inferSelect;

export const bookingSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(bookingStatuses),
    meetingTypeId: z.uuid().nullable(),
    meetingType: z.string().nullable(),
    resource: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timezone: z.string(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    customerEmail: z.string().nullable(),
    conversationId: z.uuid().nullable(),
    notes: z.string().nullable(),
    sequence: z.number().int().openapi({ description: "Bumped on every change (the iCalendar SEQUENCE)." }),
    cancellationReason: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Booking");

export type BookingView = z.infer<typeof bookingSchema>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const toBooking = (row: BookingRow): BookingView => ({
  id: row.id,
  status: row.status,
  meetingTypeId: row.meetingTypeId,
  meetingType: row.meetingType,
  resource: row.resource,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  timezone: row.timezone,
  customerId: row.customerId,
  customerName: row.customerName,
  customerEmail: row.customerEmail,
  conversationId: row.conversationId,
  notes: row.notes,
  sequence: row.sequence,
  cancellationReason: row.cancellationReason,
  confirmedAt: iso(row.confirmedAt),
  completedAt: iso(row.completedAt),
  cancelledAt: iso(row.cancelledAt),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
