import { cancelBooking, checkAvailability, createBooking, rescheduleBooking } from "../tools/bookings.ts";
import { captureLead } from "../tools/capture-lead.ts";
import { createTicket, updateTicketStatus } from "../tools/tickets.ts";
import type { Tool } from "./tool.ts";

/**
 * Every tool the assistant and API clients can call, by name. Knowledge search and handover are
 * not tools here: they belong to the conversation, and the chat worker runs them itself.
 */
export const tools: ReadonlyMap<string, Tool> = new Map(
  [
    captureLead,
    checkAvailability,
    createBooking,
    rescheduleBooking,
    cancelBooking,
    createTicket,
    updateTicketStatus,
  ].map((tool) => [tool.name, tool]),
);
