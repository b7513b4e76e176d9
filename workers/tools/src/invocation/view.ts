import type { schema } from "@frontdesk/db";
import { toolCallStatuses } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

export type ToolCallRow = typeof schema.toolCalls.$inferSelect;

export const toolCallSchema = z
  .object({
    id: z.uuid(),
    toolName: z.string(),
    status: z.enum(toolCallStatuses),
    conversationId: z.uuid().nullable(),
    input: z.record(z.string(), z.unknown()),
    output: z.unknown().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    requiresConfirmation: z.boolean(),
    decidedByUserId: z.uuid().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ToolCall");

export type ToolCallView = z.infer<typeof toolCallSchema>;

export const toToolCall = (row: ToolCallRow): ToolCallView => ({
  id: row.id,
  toolName: row.toolName,
  status: row.status,
  conversationId: row.conversationId,
  input: row.input,
  output: row.output ?? null,
  error: row.errorMessage,
  durationMs: row.durationMs,
  requiresConfirmation: row.requiresConfirmation,
  decidedByUserId: row.decidedByUserId,
  decidedAt: row.decidedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
