import type { BookingRow } from "@frontdesk/contracts/booking";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

const statusOf: Record<BookingRow["status"], ICalEventStatus> = {
  requested: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  no_show: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

/**
 * The organization's bookings as RFC 5545: one VEVENT per booking with a UID that never changes,
 * SEQUENCE = the booking's change count, STATUS (cancelled bookings stay in the feed, marked
 * CANCELLED, so subscribed calendars remove them), times in UTC.
 */
export function bookingsCalendar(
  organizationName: string,
  bookings: BookingRow[],
  method?: ICalCalendarMethod,
): string {
  const calendar = ical({
    name: `${organizationName} bookings`,
    prodId: "-//Frontdesk//Bookings//EN",
    ...(method ? { method } : {}),
  });
  for (const booking of bookings) {
    const who = booking.customerName ?? booking.customerEmail ?? "a customer";
    calendar.createEvent({
      id: `${booking.id}@frontdesk.dev`,
      start: booking.startsAt,
      end: booking.endsAt,
      stamp: booking.updatedAt,
      lastModified: booking.updatedAt,
      created: booking.createdAt,
      sequence: booking.sequence,
      status: statusOf[booking.status],
      summary: `${booking.meetingType ?? "Meeting"} with ${who}`,
      description: [booking.notes, booking.customerEmail].filter(Boolean).join("\n") || null,
    });
  }
  return calendar.toString();
}

/**
 * One booking as the invitation a customer's calendar understands (RFC 5546): REQUEST adds or
 * moves it (the same UID with a higher SEQUENCE replaces the earlier one), CANCEL removes it.
 */
export const bookingInvite = (organizationName: string, booking: BookingRow) =>
  bookingsCalendar(
    organizationName,
    [booking],
    booking.status === "cancelled" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  );
