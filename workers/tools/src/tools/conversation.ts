import { callService, ProblemError } from "@frontdesk/http";
import { z } from "@hono/zod-openapi";
import { defineTool, type ToolContext } from "../registry/tool.ts";

const chat = <T>(context: ToolContext, method: "GET" | "POST", path: string, body?: unknown) =>
  callService<T>(context.env.CHAT, context.identity, context.requestId, method, path, body);

export const searchKnowledge = defineTool({
  name: "search_knowledge",
  effect: ["config:read"],
  reads: "config:read",
  description:
    "Search the business's knowledge base (opening hours, prices, policies, services). Returns the best entries with a 0-1 score; answer only from entries that fit.",
  input: z
    .object({
      query: z.string().trim().min(1).max(500),
      limit: z.number().int().min(1).max(10).default(3),
    })
    .strict(),
  run: (context, input) =>
    chat(context, "GET", `/v1/knowledge/search?${new URLSearchParams({ q: input.query, limit: String(input.limit) })}`),
});

export const handoverToHuman = defineTool({
  name: "handover_to_human",
  effect: ["conversations:write"],
  reads: "conversations:read",
  description:
    "Hand this conversation to a human agent: when the customer asks for a person, is upset, or the knowledge base has no answer.",
  input: z.object({ reason: z.string().trim().max(500).optional() }).strict(),
  async run(context, input) {
    if (!context.conversationId) {
      throw new ProblemError("validation-failed", "handover_to_human needs a conversationId.");
    }
    return chat(context, "POST", `/v1/conversations/${context.conversationId}/handover`, {
      reason: input.reason ?? "assistant_handover",
    });
  },
});
