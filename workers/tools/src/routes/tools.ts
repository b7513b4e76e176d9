import { createDb, schema } from "@frontdesk/db";
import {
  createApi,
  type IdentityVariables,
  ProblemError,
  problemResponses,
  type RequestIdVariables,
  requireScope,
} from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ToolsEnv } from "../env.ts";
import { answerCall } from "../invocation/answer.ts";
import { toolContext } from "../invocation/context.ts";
import { recordCall } from "../invocation/record.ts";
import { runRecordedCall } from "../invocation/run.ts";
import { toolCallSchema } from "../invocation/view.ts";
import { requireToolScopes } from "../registry/access.ts";
import { tools } from "../registry/index.ts";

const security = [{ bearer: [] }];

const toolSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    inputSchema: z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema (2020-12) of the input." }),
    requiresConfirmation: z.boolean().openapi({ description: "Whether a person must approve each call first." }),
  })
  .openapi("Tool");

/** The tools named in the organization's `tools/require_confirmation` setting. */
async function confirmationList(env: ToolsEnv, organizationId: string): Promise<string[]> {
  const s = schema.settings;
  const [row] = await createDb(env)
    .select({ value: s.value })
    .from(s)
    .where(and(eq(s.organizationId, organizationId), eq(s.category, "tools"), eq(s.key, "require_confirmation")));
  return Array.isArray(row?.value) ? row.value.filter((name): name is string => typeof name === "string") : [];
}

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
    const confirm = await confirmationList(c.env, c.var.identity.organizationId);
    return c.json(
      {
        data: [...tools.values()].map((tool) => ({
          name: tool.name,
          description: tool.description,
          inputSchema: z.toJSONSchema(tool.input, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>,
          requiresConfirmation: confirm.includes(tool.name),
        })),
      },
      200,
    );
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
    const identity = c.var.identity;
    requireScope(identity, "tools:invoke");
    const tool = tools.get(c.req.valid("param").name);
    if (!tool)
      throw new ProblemError("not-found", `No tool named "${c.req.valid("param").name}". GET /v1/tools lists them.`);
    requireToolScopes(identity, tool);
    const body = c.req.valid("json");
    const { row, replayed } = await recordCall(createDb(c.env), {
      organizationId: identity.organizationId,
      toolName: tool.name,
      input: body.input,
      conversationId: body.conversationId ?? null,
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
    });
    if (replayed || row.status !== "running") {
      const answer = answerCall(row);
      if (replayed) answer.headers.set("idempotent-replayed", "true");
      return answer as never;
    }
    const context = toolContext(c.env, c.executionCtx, identity, c.var.requestId, row);
    return answerCall(await runRecordedCall(context, tool, row)) as never;
  },
);

export const toolRoutes = app;
