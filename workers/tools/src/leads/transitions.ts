import type { leadStatuses } from "@frontdesk/db/schema";
import { ProblemError } from "@frontdesk/http";

export type LeadStatus = (typeof leadStatuses)[number];

/** A lead's path: new → contacted → qualified → converted, or lost on the way (and picked up again). */
const allowed: Record<LeadStatus, LeadStatus[]> = {
  new: ["contacted", "lost"],
  contacted: ["qualified", "lost"],
  qualified: ["converted", "lost"],
  converted: [],
  lost: ["contacted"],
};

export function assertLeadTransition(from: LeadStatus, to: LeadStatus): void {
  if (!allowed[from].includes(to)) {
    throw new ProblemError("invalid-transition", `A ${from} lead cannot become ${to}.`, {
      currentStatus: from,
      allowed: allowed[from],
    });
  }
}
