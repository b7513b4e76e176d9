import type { ticketStatuses } from "@frontdesk/db/schema";
import { ProblemError } from "@frontdesk/http";

export type TicketStatus = (typeof ticketStatuses)[number];

/** Which status may follow which; closed and resolved tickets come back only through `reopened`. */
const allowed: Record<TicketStatus, TicketStatus[]> = {
  new: ["in_progress", "waiting_for_customer", "resolved", "closed"],
  in_progress: ["waiting_for_customer", "resolved", "closed"],
  waiting_for_customer: ["in_progress", "resolved", "closed"],
  resolved: ["closed", "reopened"],
  closed: ["reopened"],
  reopened: ["in_progress", "waiting_for_customer", "resolved", "closed"],
};

export function assertTicketTransition(from: TicketStatus, to: TicketStatus): void {
  if (!allowed[from].includes(to)) {
    throw new ProblemError("invalid-transition", `A ${from} ticket cannot become ${to}.`, {
      currentStatus: from,
      allowed: allowed[from],
    });
  }
}
