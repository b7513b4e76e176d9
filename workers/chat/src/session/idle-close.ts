import type { SessionState } from "../conversation/state.ts";
import { summarize } from "../engine/summary.ts";
import type { Change } from "./staff-actions.ts";

/** When an open conversation closes for silence: its last message plus the organization's idle time. */
export function idleDeadline(state: SessionState | undefined): number | undefined {
  if (!state || state.status === "closed") return undefined;
  return Date.parse(state.lastMessageAt ?? state.startedAt) + state.idleCloseMinutes * 60_000;
}

/** The alarm's next time: the earliest of its timers (idle close, sockets' credentials), if any. */
export function nextAlarm(...times: (number | undefined)[]): number | undefined {
  const due = times.filter((time): time is number => time !== undefined);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/**
 * Closing (for silence, or by a person): the summary, kept as the customer's memory so their next
 * conversation starts knowing how this one went. It ends after its last message, never before.
 */
export function closing(state: SessionState, reason: string, now = Date.now()): Change & { summary: string } {
  const next: SessionState = { ...state, status: "closed" };
  const summary = summarize(next);
  return {
    summary,
    next,
    write: {
      messages: [],
      remember: { last_conversation_summary: summary },
      events: [{ eventType: "conversation_closed", properties: { reason } }],
      endedAt: new Date(Math.max(now, Date.parse(state.lastMessageAt ?? state.startedAt) + 1)),
      summary,
      aiResolved: !state.handedOver,
    },
  };
}
