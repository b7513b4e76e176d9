import { toolCallStatuses } from "@frontdesk/db/schema";
import { forwardedIdentity, problemKindNames, rpcMethod } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";

export const toolSpec = z.object({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()).describe("JSON Schema (2020-12) of the input."),
  requiresConfirmation: z.boolean().describe("Whether a person must approve each call first."),
});

export type ToolSpecView = z.infer<typeof toolSpec>;

export const toolInvocation = z
  .object({
    identity: forwardedIdentity,
    name: z.string().min(1).max(100),
    input: z.record(z.string(), z.unknown()),
    conversationId: z.uuid().nullable(),
    /** A retried turn passes the same key, so it never acts twice. */
    idempotencyKey: z.string().min(1).max(255).nullable(),
  })
  .strict();

/** A call that ran (or waits for a person): failures are the result's failure, with the tool's problem. */
export const toolCallDone = z.object({
  toolCallId: z.uuid(),
  status: z.enum(toolCallStatuses).extract(["completed", "awaiting_confirmation"]),
  output: z.record(z.string(), z.unknown()).nullable(),
});

/** What the chat worker asks of the tools worker (its ToolsService entrypoint). */
export const toolsContract = {
  describe: rpcMethod(z.object({ organizationId: z.uuid() }).strict(), z.object({ tools: z.array(toolSpec) })),
  /** Every way a tool can fail is a problem kind (the tool's own, or the registry's). */
  invoke: rpcMethod(toolInvocation, toolCallDone, problemKindNames),
  /** A dry run (simulations): checked like a call, run only if the tool only reads, never recorded. */
  rehearse: rpcMethod(
    toolInvocation.omit({ idempotencyKey: true }),
    z.object({ output: z.record(z.string(), z.unknown()) }),
    problemKindNames,
  ),
};
