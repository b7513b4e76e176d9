import { bookingsContract } from "@frontdesk/contracts/bookings";
import { ProblemError, rpcClient, valueOrThrow } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { defineTool, type ToolContext } from "../registry/tool.ts";
import { assertAssistantMayTouch, conversationCustomer } from "./conversation-customer.ts";
import { rankSlots } from "./slot-preference.ts";

/** The bookings worker, as the caller the tool runs for (its scopes are checked there too). */
const bookings = (context: ToolContext) => rpcClient(bookingsContract, context.env.BOOKINGS);

const meetingType = z.string().min(1).max(100).describe('The meeting type\'s slug, e.g. "repair-drop-off".');

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);

/** The active meeting type whose name and description share most words with `about`. */
async function chooseMeetingType(context: ToolContext, about: string): Promise<string> {
  const { data } = valueOrThrow(await bookings(context).meetingTypes({ identity: context.identity }));
  const wanted = words(about);
  const ranked = data
    .filter((type) => type.isActive)
    .map((type) => ({
      slug: type.slug,
      overlap: [...words(`${type.name} ${type.slug} ${type.description ?? ""}`)].filter((word) =>
        [...wanted].some((want) => want.startsWith(word.slice(0, 4)) || word.startsWith(want.slice(0, 4))),
      ).length,
    }))
    .sort((a, b) => b.overlap - a.overlap);
  const best = ranked[0];
  if (!best) throw new ProblemError("validation-failed", "This organization has no active meeting types.");
  return best.slug;
}

export const checkAvailability = defineTool({
  name: "check_availability",
  effect: ["bookings:read"],
  reads: "bookings:read",
  description:
    'List open slots for a meeting, best fit first: pass what the customer said about timing as preferred ("Tuesday at 10am", "tomorrow afternoon"). Offer the customer a few of them before booking.',
  input: z
    .object({
      meetingType: meetingType.optional(),
      about: z
        .string()
        .max(500)
        .optional()
        .describe("What the meeting is for; chooses the meeting type when meetingType is not given."),
      preferred: z.string().max(200).optional().describe("The customer's wish in their words; orders the slots."),
      from: z.iso.datetime({ offset: true }).optional().describe("Look from this time (ISO 8601); default now."),
      days: z.number().int().min(1).max(31).default(14).describe("How many days to look ahead."),
      limit: z.number().int().min(1).max(50).default(10).describe("At most this many slots."),
    })
    .strict(),
  async run(context, input) {
    const now = new Date();
    const from = input.from ? new Date(input.from) : now;
    const to = new Date(from.getTime() + input.days * 86_400_000);
    const type = input.meetingType ?? (await chooseMeetingType(context, input.about ?? ""));
    const result = valueOrThrow(
      await bookings(context).availability({
        identity: context.identity,
        from: from.toISOString(),
        to: to.toISOString(),
        meetingType: type,
      }),
    );
    const slots = input.preferred ? rankSlots(result.slots, input.preferred, now, result.timezone) : result.slots;
    return { timezone: result.timezone, meetingType: result.meetingType, slots: slots.slice(0, input.limit) };
  },
  rehearse: "run",
});

export const createBooking = defineTool({
  name: "create_booking",
  effect: ["bookings:write"],
  reads: "bookings:read",
  description:
    "Book a slot returned by check_availability for the customer of this conversation (or the person named). Fails with the conflicting slot if it was just taken.",
  input: z
    .object({
      meetingType,
      startsAt: z.iso.datetime({ offset: true }).describe("The slot's start, exactly as check_availability gave it."),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(320).optional(),
      phone: z.string().max(30).optional(),
      notes: z.string().max(2_000).optional().describe("What the meeting is about."),
      confirm: z.boolean().default(true).describe("Confirm at once (true) or leave it requested for staff."),
    })
    .strict(),
  async run(context, input) {
    const inConversation = await conversationCustomer(context);
    const customer = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
    };
    const contact = Object.keys(customer).length > 0 ? { customer } : {};
    const who = inConversation ? { customerId: inConversation.customerId, ...contact } : contact;
    if (!("customerId" in who) && !("customer" in who)) {
      throw new ProblemError("validation-failed", "Outside a conversation, give the customer's name, email or phone.");
    }
    return valueOrThrow(
      await bookings(context).createBooking({
        identity: context.identity,
        meetingType: input.meetingType,
        startsAt: input.startsAt,
        ...who,
        ...(context.conversationId ? { conversationId: context.conversationId } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
        confirm: input.confirm,
      }),
    );
  },
  rehearse: (input) => ({
    booking: {
      id: crypto.randomUUID(),
      meetingType: input.meetingType,
      startsAt: input.startsAt,
      status: input.confirm ? "confirmed" : "requested",
    },
    dryRun: true,
  }),
});

export const rescheduleBooking = defineTool({
  name: "reschedule_booking",
  effect: ["bookings:write"],
  reads: "bookings:read",
  description: "Move an existing booking to another open slot.",
  input: z
    .object({
      bookingId: z.uuid(),
      startsAt: z.iso.datetime({ offset: true }),
      reason: z.string().max(1_000).optional(),
    })
    .strict(),
  async run(context, input) {
    await assertAssistantMayTouch(context, "booking", input.bookingId);
    return valueOrThrow(
      await bookings(context).rescheduleBooking({
        identity: context.identity,
        bookingId: input.bookingId,
        startsAt: input.startsAt,
        reason: input.reason,
      }),
    );
  },
  rehearse: (input) => ({ booking: { id: input.bookingId, startsAt: input.startsAt }, dryRun: true }),
});

export const cancelBooking = defineTool({
  name: "cancel_booking",
  effect: ["bookings:write"],
  reads: "bookings:read",
  description: "Cancel a booking; its slot opens again.",
  input: z.object({ bookingId: z.uuid(), reason: z.string().max(1_000).optional() }).strict(),
  async run(context, input) {
    await assertAssistantMayTouch(context, "booking", input.bookingId);
    return valueOrThrow(
      await bookings(context).cancelBooking({
        identity: context.identity,
        bookingId: input.bookingId,
        reason: input.reason,
      }),
    );
  },
  rehearse: (input) => ({ booking: { id: input.bookingId, status: "cancelled" }, dryRun: true }),
});
