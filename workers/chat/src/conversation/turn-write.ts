import type { SessionMessage, SessionState } from "./state.ts";

/** A customer's pick from "did you mean …?": their question, the entry they chose, and the reply from it. */
export interface CustomerPick {
  question: SessionMessage;
  entryId: string;
  answer: SessionMessage;
}

/** Everything a turn (or a staff action) writes, at once (`session/persist-turn.ts`). */
export interface TurnWrite {
  messages: SessionMessage[];
  /** The conversation after the turn. */
  next: SessionState;
  intent?: string;
  sentiment?: string;
  /** Data first learned in this turn, kept as the customer's long-term memory. */
  remember: Record<string, string>;
  events: { eventType: string; messageId?: string; properties: Record<string, unknown> }[];
  endedAt?: Date;
  summary?: string;
  aiResolved?: boolean;
  /** A customer's pick from "did you mean …?", recorded as a knowledge suggestion with the turn. */
  pick?: CustomerPick | undefined;
}
