import type { ticketPriorities } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";
import type { ResponderOutput, TurnContext } from "./responder.ts";

type TicketPriority = (typeof ticketPriorities)[number];
type Action = Pick<ResponderOutput, "content" | "confidence" | "toolCalls" | "remember">;

// The parts of tools' outputs these actions read, checked: a tool's output is another worker's payload.
const availabilitySchema = z.object({
  timezone: z.string(),
  meetingType: z.object({ slug: z.string(), name: z.string() }),
  slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
});
const bookedSchema = z.object({ booking: z.object({ id: z.string() }) });
const openedTicketSchema = z.object({ ticket: z.object({ id: z.string(), reference: z.string() }) });

/** "Tuesday 1 December at 10:00" on the business's wall clock. */
export function localSlot(startsAt: string, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(startsAt))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} at ${parts.hour}:${parts.minute}`;
}

const bookingReference = (id: string) => `B-${id.slice(0, 8).toUpperCase()}`;

/** The stage's own details (not contact fields, not times) in its order: what a booking or lead is about. */
function aboutFields(context: TurnContext): string {
  return context.fields
    .filter((spec) => spec.type === "text" || spec.type === "choice" || spec.type === "number" || spec.type === "date")
    .flatMap((spec) => context.data[spec.name] ?? [])
    .join(": ");
}

/** When the customer wants to be seen: the first date-and-time field they answered. */
const preferredTime = (context: TurnContext) =>
  context.fields.filter((spec) => spec.type === "datetime").flatMap((spec) => context.data[spec.name] ?? [])[0];

/**
 * The customer's details on their record and their lead (capture_lead), when any are known.
 * Returns the call made, for the reply's metadata.
 */
export async function captureLead(context: TurnContext): Promise<ResponderOutput["toolCalls"]> {
  const { tools, data } = context;
  if (!tools || !(data.name || data.email || data.phone)) return [];
  const lead = {
    ...(data.name ? { name: data.name } : {}),
    ...(data.email ? { email: data.email } : {}),
    ...(data.phone ? { phone: data.phone } : {}),
    context: aboutFields(context) || context.content,
    sourceIntent: context.stage?.stageType ?? context.intent,
  };
  await tools.invoke("capture_lead", lead, "capture_lead");
  return [{ name: "capture_lead", arguments: JSON.stringify(lead) }];
}

/**
 * With every booking detail known: finds the open slots that best fit the customer's wish and
 * books the best one (the next, if someone took it a moment ago), offering the runners-up.
 * Undefined when there is no tools worker or it cannot help: the caller falls back to a person.
 */
export async function bookForCustomer(context: TurnContext): Promise<Action | undefined> {
  const { tools, data } = context;
  if (!tools) return undefined;
  if (data.booking_id) {
    return {
      content: `You're already booked in (reference ${bookingReference(data.booking_id)}). Is there anything else I can help with?`,
      confidence: 0.9,
    };
  }
  // The customer's details go on their record and their lead first, whatever happens to the booking.
  const calls: ResponderOutput["toolCalls"] = [...((await captureLead(context)) ?? [])];
  const about = aboutFields(context);
  const preferred = preferredTime(context);
  const lookup = {
    about: [about, context.stage?.name, context.content].filter(Boolean).join(" "),
    ...(preferred ? { preferred } : {}),
    limit: 4,
  };
  calls.push({ name: "check_availability", arguments: JSON.stringify(lookup) });
  const found = await tools.invoke("check_availability", lookup, "check_availability");
  if (!found.ok) return undefined;
  const availability = availabilitySchema.parse(found.output);
  for (const [index, slot] of availability.slots.slice(0, 2).entries()) {
    const request = {
      meetingType: availability.meetingType.slug,
      startsAt: slot.startsAt,
      ...(data.name ? { name: data.name } : {}),
      ...(data.email ? { email: data.email } : {}),
      notes: about || context.content,
      confirm: true,
    };
    calls.push({ name: "create_booking", arguments: JSON.stringify(request) });
    const booked = await tools.invoke("create_booking", request, `create_booking:${index}`);
    if (!booked.ok) {
      // Taken since it was offered: try the next slot.
      if (booked.problem.status === 409) continue;
      return undefined;
    }
    const { booking } = bookedSchema.parse(booked.output);
    const alternatives = availability.slots
      .filter((other) => other.startsAt !== slot.startsAt)
      .slice(0, 2)
      .map((other) => localSlot(other.startsAt, availability.timezone));
    const name = data.name?.split(" ")[0];
    return {
      content: [
        `You're booked in${name ? `, ${name}` : ""}: ${availability.meetingType.name} on ${localSlot(slot.startsAt, availability.timezone)} (reference ${bookingReference(booking.id)}).`,
        data.email ? `We'll send the details to ${data.email}.` : "",
        alternatives.length ? `If that time doesn't suit, I can move it to ${alternatives.join(" or ")}.` : "",
      ]
        .filter(Boolean)
        .join(" "),
      confidence: 0.95,
      toolCalls: calls,
      remember: { booking_id: booking.id, booking_starts_at: slot.startsAt },
    };
  }
  return {
    content:
      "I'm sorry, I couldn't find a free slot that fits in the next two weeks. A member of the team will get in touch to find a time.",
    confidence: 0.6,
    toolCalls: calls,
  };
}

/** Opens (once per conversation) a ticket for a complaint so the team follows it up; undefined without tools. */
export async function openTicket(context: TurnContext, priority?: TicketPriority): Promise<Action | undefined> {
  const { tools, data } = context;
  if (!tools) return undefined;
  if (data.ticket_reference) {
    return {
      content: `I've added this to your ticket ${data.ticket_reference}; the team will follow up.`,
      confidence: 0.9,
    };
  }
  const firstSentence = context.content.split(/(?<=[.!?])\s/)[0] ?? context.content;
  const request = {
    subject: firstSentence.length > 120 ? `${firstSentence.slice(0, 117)}...` : firstSentence,
    description: context.content,
    priority: priority ?? (context.sentiment === "negative" ? "high" : "medium"),
    ...(context.stage ? { category: context.stage.name } : {}),
  };
  const created = await tools.invoke("create_ticket", request, "create_ticket");
  if (!created.ok) return undefined;
  const { ticket } = openedTicketSchema.parse(created.output);
  const email = data.email ?? context.state.memory.email;
  return {
    content: `I'm sorry about that. I've opened ticket ${ticket.reference} so our team can put it right; they'll follow up${email ? ` by email to ${email}` : " here"}.`,
    confidence: 0.9,
    toolCalls: [{ name: "create_ticket", arguments: JSON.stringify(request) }],
    remember: { ticket_id: ticket.id, ticket_reference: ticket.reference },
  };
}
