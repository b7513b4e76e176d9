import type { bookingActions, bookingStatuses } from "@frontdesk/db/schema";
import { ProblemError } from "@frontdesk/http";

export type BookingStatus = (typeof bookingStatuses)[number];
export type BookingAction = (typeof bookingActions)[number];
export type StatusAction = Exclude<BookingAction, "created" | "rescheduled">;

/** requested → confirmed → completed | no_show; requested or confirmed → cancelled. */
const transitions: Record<StatusAction, { from: BookingStatus[]; to: BookingStatus }> = {
  confirmed: { from: ["requested"], to: "confirmed" },
  completed: { from: ["confirmed"], to: "completed" },
  no_show: { from: ["confirmed"], to: "no_show" },
  cancelled: { from: ["requested", "confirmed"], to: "cancelled" },
};

/** Statuses whose booking still holds its slot (and may be moved). */
export const openStatuses: BookingStatus[] = ["requested", "confirmed"];

/** The status `action` leads to from `current`, or a 409 naming what is allowed. */
export function nextStatus(current: BookingStatus, action: StatusAction): BookingStatus {
  const rule = transitions[action];
  if (!rule.from.includes(current)) {
    throw new ProblemError(
      "invalid-transition",
      `A ${current} booking cannot be ${action.replace("_", "-")}; only a ${rule.from.join(" or ")} one can.`,
      { currentStatus: current },
    );
  }
  return rule.to;
}

export function assertReschedulable(current: BookingStatus): void {
  if (!openStatuses.includes(current)) {
    throw new ProblemError("invalid-transition", `A ${current} booking cannot be rescheduled.`, {
      currentStatus: current,
    });
  }
}
