import { ProblemError } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";
import type { Outcome } from "./session-context.ts";

/** The conversation's session object (one per conversation id). */
export const sessionContext = (env: ChatEnv, conversationId: string) =>
  env.SESSION_CONTEXT.get(env.SESSION_CONTEXT.idFromName(conversationId));

/** The value of a session call, or its refusal as the problem a public route answers (404 or 409). */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ProblemError(outcome.reason === "not-found" ? "not-found" : "conflict", outcome.detail);
  return outcome.value;
}
