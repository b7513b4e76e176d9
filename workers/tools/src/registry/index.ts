import { cancelBooking, checkAvailability, createBooking, rescheduleBooking } from "../tools/bookings.ts";
import { captureLead } from "../tools/capture-lead.ts";
import { handoverToHuman, searchKnowledge } from "../tools/conversation.ts";
import { createTicket, updateTicketStatus } from "../tools/tickets.ts";
import type { Tool } from "./tool.ts";

/** Every tool the assistant and API clients can call, by name. */
export const tools: ReadonlyMap<string, Tool> = new Map(
  [
    captureLead,
    checkAvailability,
    createBooking,
    rescheduleBooking,
    cancelBooking,
    createTicket,
    updateTicketStatus,
    searchKnowledge,
    handoverToHuman,
  ].map((tool) => [tool.name, tool]),
);
