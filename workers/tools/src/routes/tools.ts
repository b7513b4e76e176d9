import { toolSpec } from "@frontdesk/contracts/tools";
import {
  createApi,
  type IdentityVariables,
  problemResponses,
  type RequestIdVariables,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import type { ToolsEnv } from "../env.ts";
import { answerCall } from "../invocation/answer.ts";
import { invokeTool } from "../invocation/invoke.ts";
import { toolCallSchema } from "../invocation/view.ts";
import { describeTools } from "../registry/describe.ts";

const security = [{ bearer: [] }];

const toolSchema = toolSpec.openapi("Tool");

const app = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables & RequestIdVariables }>();

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "Every tool with its JSON-schema input and a description a language model can be given",
    security,
    responses: {
      200: {
        description: "The tools",
        content: { "application/json": { schema: z.object({ data: z.array(toolSchema) }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "tools:invoke");
    return c.json({ data: await describeTools(c.env, c.var.identity.organizationId) }, 200);
  },
);

const invokeBody = z
  .object({
    input: z.record(z.string(), z.unknown()).default({}),
    conversationId: z.uuid().optional(),
  })
  .strict();

app.openapi(
  createRoute({
    method: "post",
    path: "/{name}",
    summary: "Invoke a tool; recorded in tool_calls, idempotent under Idempotency-Key",
    security,
    request: {
      params: z.object({
        name: z
          .string()
          .max(100)
          .openapi({ param: { name: "name", in: "path" } }),
      }),
      headers: z.object({
        "idempotency-key": z.string().min(1).max(255).optional().openapi({
          description: "A retry with the same key returns the first call's result and does not act again.",
        }),
      }),
      body: { content: { "application/json": { schema: invokeBody } }, required: true },
    },
    responses: {
      200: {
        description: "Completed",
        content: { "application/json": { schema: z.object({ toolCall: toolCallSchema }) } },
      },
      202: {
        description: "Awaiting a person's confirmation (POST /v1/tool-calls/{id}/approve)",
        content: { "application/json": { schema: z.object({ toolCall: toolCallSchema }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { row, replayed } = await invokeTool(c.env, c.executionCtx, c.var.identity, c.var.requestId, {
      name: c.req.valid("param").name,
      input: body.input,
      conversationId: body.conversationId ?? null,
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
    });
    const answer = answerCall(row);
    if (replayed) answer.headers.set("idempotent-replayed", "true");
    return answer as never;
  },
);

export const toolRoutes = app;
