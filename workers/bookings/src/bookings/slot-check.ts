import type { Database } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { loadCalendar, type MeetingType } from "../availability/load-calendar.ts";
import { availableSlots } from "../availability/slots.ts";

const minute = 60_000;

export interface CheckedSlot {
  meetingType: MeetingType;
  startsAt: Date;
  endsAt: Date;
  blockedFrom: Date;
  blockedUntil: Date;
  timezone: string;
}

/**
 * Checks that `startsAt` is a slot the organization offers for the meeting type (opening hours,
 * holidays, notice, advance window, slot step) and returns the meeting's span and buffered span.
 * Other bookings are not read: the exclusion constraint decides conflicts at write time.
 */
export async function checkSlot(
  db: Database,
  organizationId: string,
  meetingTypeKey: string,
  startsAt: Date,
  now = new Date(),
): Promise<CheckedSlot> {
  const day = 24 * 60 * minute;
  const { calendar, meetingType, rules } = await loadCalendar(
    db,
    organizationId,
    meetingTypeKey,
    new Date(startsAt.getTime() - day),
    new Date(startsAt.getTime() + day),
    { withBusy: false },
  );
  const endsAt = new Date(startsAt.getTime() + rules.durationMinutes * minute);
  const offered = availableSlots(calendar, rules, startsAt, endsAt, now).some(
    (slot) => slot.startsAt.getTime() === startsAt.getTime(),
  );
  if (!offered) {
    throw new ProblemError(
      "slot-unavailable",
      `${startsAt.toISOString()} is not a bookable start for "${meetingType.name}": outside opening hours, on a holiday, off the ${rules.slotIntervalMinutes}-minute grid, sooner than ${rules.minimumNoticeMinutes} minutes' notice or more than ${rules.maxAdvanceDays} days ahead. GET /v1/availability lists the open slots.`,
    );
  }
  return {
    meetingType,
    startsAt,
    endsAt,
    blockedFrom: new Date(startsAt.getTime() - rules.bufferBeforeMinutes * minute),
    blockedUntil: new Date(endsAt.getTime() + rules.bufferAfterMinutes * minute),
    timezone: calendar.timezone,
  };
}
