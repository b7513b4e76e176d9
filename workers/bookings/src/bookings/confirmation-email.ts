import type { BookingRow } from "@frontdesk/contracts/booking";
import { type ChannelOutbound, channelOutbound } from "@frontdesk/contracts/channel-outbound";
import { createDb, errorForLog, schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { bookingInvite } from "../calendar/ics.ts";
import type { BookingsEnv } from "../env.ts";

type Purpose = "booking_confirmation" | "booking_rescheduled" | "booking_cancelled";

const when = (booking: BookingRow) =>
  `${booking.startsAt.toUTCString().replace(" GMT", " UTC")} (${Math.round(
    (booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000,
  )} minutes)`;

const wording: Record<Purpose, (booking: BookingRow, business: string) => { subject: string; text: string }> = {
  booking_confirmation: (booking, business) => ({
    subject: `Your booking with ${business}: ${booking.meetingType ?? "appointment"}`,
    text: `Hello${booking.customerName ? ` ${booking.customerName}` : ""},\n\nYour ${booking.meetingType ?? "appointment"} with ${business} is booked for ${when(booking)}${booking.status === "requested" ? " (we will confirm it shortly)" : ""}.\n\nThe attached invitation adds it to your calendar.`,
  }),
  booking_rescheduled: (booking, business) => ({
    subject: `Your booking with ${business} has moved`,
    text: `Hello${booking.customerName ? ` ${booking.customerName}` : ""},\n\nYour ${booking.meetingType ?? "appointment"} with ${business} is now on ${when(booking)}.\n\nThe attached invitation updates your calendar.`,
  }),
  booking_cancelled: (booking, business) => ({
    subject: `Your booking with ${business} is cancelled`,
    text: `Hello${booking.customerName ? ` ${booking.customerName}` : ""},\n\nYour ${booking.meetingType ?? "appointment"} with ${business} on ${when(booking)} is cancelled.\n\nThe attached update removes it from your calendar.`,
  }),
};

/**
 * Tells the customer about their booking by email, with the .ics invitation: the channels worker
 * sends it from the business's email channel. A booking without an email address gets none; a
 * failure to queue is logged, never the booking's failure.
 */
export async function emailCustomer(env: BookingsEnv, booking: BookingRow, purpose: Purpose): Promise<void> {
  if (!booking.customerEmail) return;
  try {
    const [organization] = await createDb(env)
      .select({ name: schema.organizations.name })
      .from(schema.organizations)
      .where(eq(schema.organizations.id, booking.organizationId));
    const business = organization?.name ?? "us";
    const invite = bookingInvite(business, booking);
    const work: ChannelOutbound = {
      kind: "email",
      organizationId: booking.organizationId,
      purpose,
      to: booking.customerEmail,
      ...wording[purpose](booking, business),
      attachment: {
        filename: "booking.ics",
        type: `text/calendar; charset=utf-8; method=${purpose === "booking_cancelled" ? "CANCEL" : "REQUEST"}`,
        content: btoa(String.fromCharCode(...new TextEncoder().encode(invite))),
      },
      bookingId: booking.id,
      customerId: booking.customerId,
      ...(booking.conversationId ? { conversationId: booking.conversationId } : {}),
    };
    await env.CHANNEL_OUTBOUND.send(channelOutbound.parse(work), { contentType: "json" });
  } catch (error) {
    console.error(JSON.stringify({ error: "booking-email-not-queued", bookingId: booking.id, ...errorForLog(error) }));
  }
}
