import type { MessageView, SessionView } from "../conversation/views.ts";

/** Why the session refused: each reason its own answer (a public route maps it to 404 or 409). */
export type Refusal = "not-found" | "conversation-closed" | "duplicate-message";

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Refusal; detail: string };

export interface TurnResult {
  message: MessageView;
  /** The assistant's answer; null while a person handles the conversation. */
  reply: MessageView | null;
  conversation: SessionView;
}

export const notFound: Outcome<never> = {
  ok: false,
  reason: "not-found",
  detail: "No such conversation in this organization.",
};

export const closed: Outcome<never> = {
  ok: false,
  reason: "conversation-closed",
  detail: "The conversation is closed; reopen it first.",
};
