import { type BookingRow, toBooking } from "@frontdesk/contracts/booking";
import { type Database, schema } from "@frontdesk/db";
import { findOwned, ProblemError } from "@frontdesk/http";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { sql } from "drizzle-orm";
import { bookingConflict, isOverlap } from "./conflict.ts";
import type { CheckedSlot } from "./slot-check.ts";
import type { BookingAction, BookingStatus } from "./transitions.ts";

export interface NewBooking {
  organizationId: string;
  customerId: string;
  customerName: string | null;
  customerEmail: string | null;
  conversationId: string | null;
  notes: string | null;
  status: "requested" | "confirmed";
  slot: CheckedSlot;
  changedBy: string;
}

/** Inserts the booking, its first history row and its webhook in one transaction; 409 when the span is taken. */
export async function insertBooking(db: Database, input: NewBooking): Promise<{ row: BookingRow; messageId: string }> {
  const id = crypto.randomUUID();
  const { slot } = input;
  const values = {
    id,
    organizationId: input.organizationId,
    customerId: input.customerId,
    customerName: input.customerName,
    customerEmail: input.customerEmail,
    conversationId: input.conversationId,
    meetingTypeId: slot.meetingType.id,
    meetingType: slot.meetingType.slug,
    resource: slot.meetingType.resource,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    blockedFrom: slot.blockedFrom,
    blockedUntil: slot.blockedUntil,
    timezone: slot.timezone,
    notes: input.notes,
    status: input.status,
    confirmedAt: input.status === "confirmed" ? new Date() : null,
    createdBy: input.changedBy,
  } satisfies typeof schema.bookings.$inferInsert;
  const now = new Date();
  const row: BookingRow = {
    ...values,
    sequence: 0,
    completedAt: null,
    cancelledAt: null,
    cancellationReason: null,
    createdAt: now,
    updatedAt: now,
  };
  const webhook = enqueueWebhook(db, input.organizationId, "booking.created", { booking: toBooking(row) });
  try {
    const [[inserted]] = await db.batch([
      db.insert(schema.bookings).values(values).returning(),
      db.insert(schema.bookingChanges).values({
        organizationId: input.organizationId,
        bookingId: id,
        action: "created",
        newStatus: input.status,
        newStartsAt: slot.startsAt,
        newEndsAt: slot.endsAt,
        sequence: 0,
        changedBy: input.changedBy,
      }),
      webhook.statement,
    ]);
    if (!inserted) throw new Error("insert returned no row");
    return { row: inserted, messageId: webhook.messageId };
  } catch (error) {
    if (isOverlap(error)) {
      throw await bookingConflict(db, input.organizationId, values.resource, slot.blockedFrom, slot.blockedUntil);
    }
    throw error;
  }
}

export interface BookingChange {
  action: Exclude<BookingAction, "created">;
  status: BookingStatus;
  /** A new time (reschedule). */
  slot?: CheckedSlot;
  reason?: string | null;
  changedBy: string;
}

type RawBooking = Record<string, unknown>;

const dateOrNull = (value: unknown) => (value === null || value === undefined ? null : new Date(String(value)));

function fromRaw(raw: RawBooking): BookingRow {
  return {
    id: String(raw.id),
    organizationId: String(raw.organization_id),
    customerId: String(raw.customer_id),
    conversationId: (raw.conversation_id as string | null) ?? null,
    meetingTypeId: (raw.meeting_type_id as string | null) ?? null,
    meetingType: (raw.meeting_type as string | null) ?? null,
    resource: String(raw.resource),
    startsAt: new Date(String(raw.starts_at)),
    endsAt: new Date(String(raw.ends_at)),
    blockedFrom: new Date(String(raw.blocked_from)),
    blockedUntil: new Date(String(raw.blocked_until)),
    customerName: (raw.customer_name as string | null) ?? null,
    customerEmail: (raw.customer_email as string | null) ?? null,
    timezone: String(raw.timezone),
    notes: (raw.notes as string | null) ?? null,
    status: raw.status as BookingStatus,
    sequence: Number(raw.sequence),
    confirmedAt: dateOrNull(raw.confirmed_at),
    completedAt: dateOrNull(raw.completed_at),
    cancelledAt: dateOrNull(raw.cancelled_at),
    cancellationReason: (raw.cancellation_reason as string | null) ?? null,
    createdBy: (raw.created_by as string | null) ?? null,
    createdAt: new Date(String(raw.created_at)),
    updatedAt: new Date(String(raw.updated_at)),
  };
}

/**
 * Applies a change to `current` in one transaction: the update (guarded by the sequence the caller
 * read, so two concurrent changes cannot both apply), its history row and its webhook. A booking
 * changed in between answers 409; a new time that is taken answers 409 with the conflicting slot.
 */
export async function changeBooking(
  db: Database,
  current: BookingRow,
  change: BookingChange,
): Promise<{ row: BookingRow; messageId: string }> {
  const changeId = crypto.randomUUID();
  const slot = change.slot;
  const startsAt = slot?.startsAt ?? current.startsAt;
  const endsAt = slot?.endsAt ?? current.endsAt;
  const projected: BookingRow = {
    ...current,
    status: change.status,
    startsAt,
    endsAt,
    sequence: current.sequence + 1,
    updatedAt: new Date(),
  };
  const webhook = enqueueWebhook(
    db,
    current.organizationId,
    `booking.${change.action}`,
    { booking: toBooking(projected), previous: { status: current.status, startsAt: current.startsAt.toISOString() } },
    sql`exists (select 1 from booking_changes where id = ${changeId})`,
  );
  const iso = (date: Date) => date.toISOString();
  try {
    const [result] = await db.batch([
      db.execute<RawBooking>(sql`
        with updated as (
          update bookings set
            status = ${change.status},
            starts_at = ${iso(startsAt)}, ends_at = ${iso(endsAt)},
            blocked_from = ${iso(slot?.blockedFrom ?? current.blockedFrom)},
            blocked_until = ${iso(slot?.blockedUntil ?? current.blockedUntil)},
            sequence = sequence + 1,
            confirmed_at = case when ${change.status} = 'confirmed' and confirmed_at is null then now() else confirmed_at end,
            completed_at = case when ${change.status} = 'completed' then now() else completed_at end,
            cancelled_at = case when ${change.status} = 'cancelled' then now() else cancelled_at end,
            cancellation_reason = case when ${change.status} = 'cancelled' then ${change.reason ?? null} else cancellation_reason end
          where organization_id = ${current.organizationId} and id = ${current.id} and sequence = ${current.sequence}
          returning *
        ), history as (
          insert into booking_changes (id, organization_id, booking_id, action, old_status, new_status,
            old_starts_at, old_ends_at, new_starts_at, new_ends_at, sequence, changed_by, reason)
          select ${changeId}, organization_id, id, ${change.action}, ${current.status}, status,
            ${iso(current.startsAt)}, ${iso(current.endsAt)}, starts_at, ends_at, sequence, ${change.changedBy}, ${change.reason ?? null}
          from updated
          returning id
        )
        select * from updated`),
      webhook.statement,
    ]);
    const raw = result.rows[0];
    if (!raw) {
      throw new ProblemError("conflict", "The booking changed while this request was being handled; read it again.");
    }
    return { row: fromRaw(raw), messageId: webhook.messageId };
  } catch (error) {
    if (isOverlap(error) && slot) {
      throw await bookingConflict(
        db,
        current.organizationId,
        current.resource,
        slot.blockedFrom,
        slot.blockedUntil,
        current.id,
      );
    }
    throw error;
  }
}

export const findBooking = (db: Database, organizationId: string, id: string): Promise<BookingRow> =>
  findOwned(db, schema.bookings, id, organizationId, "booking");
