import type { Database } from "@frontdesk/db";
import type { ForwardedIdentity, Scope } from "@frontdesk/http";
import type * as z from "@frontdesk/http/zod";
import type { ToolsEnv } from "../env.ts";

/** What a running tool may use: the tenant's database, the other workers, who asked and from where. */
export interface ToolContext {
  db: Database;
  env: ToolsEnv;
  identity: ForwardedIdentity;
  requestId: string;
  /** The conversation the assistant (or a client) is acting in, when there is one. */
  conversationId: string | null;
  /** Sends the webhooks a tool's write queued (`enqueueWebhook`'s message id), after the response. */
  deliverWebhook(messageId: string): void;
}

export interface Tool<I extends z.ZodType = z.ZodType> {
  name: string;
  /** What running it needs beside `tools:invoke`: the scopes of what it changes or reads. */
  effect: readonly Scope[];
  /** What reading its recorded calls (input and output) needs. */
  reads: Scope;
  /** Written for a language model: what the tool does and when to use it. */
  description: string;
  input: I;
  run(context: ToolContext, input: z.infer<I>): Promise<Record<string, unknown>>;
  /**
   * A dry run (simulations): `"run"` for a tool that only reads, or what the tool would answer
   * without changing anything, shaped like its real output and marked `dryRun: true`.
   */
  rehearse: "run" | ((input: z.infer<I>) => Record<string, unknown>);
}

/** Keeps each tool's input type tied to its schema. */
export const defineTool = <I extends z.ZodType>(tool: Tool<I>): Tool => tool as unknown as Tool;
