import { ProblemError, type ProblemKind } from "@frontdesk/http";
import type { ChatEnv } from "../env.ts";
import type { Outcome, Refusal } from "./outcomes.ts";

/** The conversation's session object (one per conversation id). */
export const sessionContext = (env: ChatEnv, conversationId: string) =>
  env.SESSION_CONTEXT.get(env.SESSION_CONTEXT.idFromName(conversationId));

/** The problem a session's refusal is answered with: 404 for another tenant's or no conversation, else 409. */
export const refusalProblem = (reason: Refusal): ProblemKind => (reason === "not-found" ? "not-found" : "conflict");

/** The value of a session call, or its refusal as the problem a public route answers. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ProblemError(refusalProblem(outcome.reason), outcome.detail);
  return outcome.value;
}
