import { createDb, schema } from "@frontdesk/db";
import { toolCallStatuses } from "@frontdesk/db/schema";
import {
  actorOf,
  auditEntry,
  createApi,
  type IdentityVariables,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  type RequestIdVariables,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { ToolsEnv } from "../env.ts";
import { answerCall } from "../invocation/answer.ts";
import { toolContext } from "../invocation/context.ts";
import { leaseSeconds } from "../invocation/record.ts";
import { runRecordedCall } from "../invocation/run.ts";
import { toolCallSchema, toToolCall } from "../invocation/view.ts";
import { readableToolNames, requireToolScopes } from "../registry/access.ts";
import { tools } from "../registry/index.ts";

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ toolCall: toolCallSchema }) } } };
const app = createApi<{ Bindings: ToolsEnv; Variables: IdentityVariables & RequestIdVariables }>();

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The audit of tool invocations, newest first (status=awaiting_confirmation: the approval queue)",
    security,
    request: {
      query: pageQuery.extend({
        status: z.enum(toolCallStatuses).optional(),
        toolName: z.string().max(100).optional(),
        conversationId: z.uuid().optional(),
      }),
    },
    responses: {
      200: { description: "A page of calls", content: { "application/json": { schema: pageSchema(toolCallSchema) } } },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "tools:invoke");
    const query = c.req.valid("query");
    const t = schema.toolCalls;
    const result = await newestFirstPage(
      createDb(c.env),
      t,
      c.var.identity.organizationId,
      query,
      { status: t.status, toolName: t.toolName, conversationId: t.conversationId },
      // Only calls whose inputs and outputs the caller could read directly (bookings, tickets, leads).
      inArray(t.toolName, readableToolNames(c.var.identity)),
    );
    return c.json({ data: result.data.map(toToolCall), nextCursor: result.nextCursor }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One tool call",
    security,
    request: { params: idParam },
    responses: { 200: { description: "The call", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    requireScope(c.var.identity, "tools:invoke");
    const [row] = await createDb(c.env)
      .select()
      .from(schema.toolCalls)
      .where(
        and(
          ownedBy(schema.toolCalls, c.req.valid("param").id, c.var.identity.organizationId),
          inArray(schema.toolCalls.toolName, readableToolNames(c.var.identity)),
        ),
      );
    if (!row) throw new ProblemError("not-found", "No such tool call in this organization.");
    return c.json({ toolCall: toToolCall(row) }, 200);
  },
);

/** Moves an awaiting call on, once: the status guard makes a double approval (or approve + reject) lose with 409. */
async function decide(
  env: ToolsEnv,
  identity: IdentityVariables["identity"],
  id: string,
  decision: { status: "running" | "rejected"; reason?: string | null },
  request: Headers,
) {
  const t = schema.toolCalls;
  const db = createDb(env);
  const [row] = await db
    .update(t)
    .set({
      status: decision.status,
      decidedAt: new Date(),
      decidedByUserId: identity.principal === "user" ? identity.subjectId : null,
      ...(decision.status === "running" ? { leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})` } : {}),
      ...(decision.status === "rejected" ? { errorMessage: decision.reason ?? null } : {}),
    })
    .where(and(ownedBy(t, id, identity.organizationId), eq(t.status, "awaiting_confirmation")))
    .returning();
  if (row) {
    await auditEntry(db, request, actorOf(identity), {
      organizationId: identity.organizationId,
      action: decision.status === "running" ? "tool_call.approved" : "tool_call.rejected",
      resource: "tool_call",
      resourceId: id,
      details: { toolName: row.toolName, ...(decision.reason ? { reason: decision.reason } : {}) },
    });
    return row;
  }
  const [existing] = await db
    .select({ status: t.status })
    .from(t)
    .where(ownedBy(t, id, identity.organizationId));
  if (!existing) throw new ProblemError("not-found", "No such tool call in this organization.");
  throw new ProblemError("invalid-transition", `This call is ${existing.status}, not awaiting confirmation.`);
}

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/approve",
    summary: "Approve a call awaiting confirmation: it runs now, and its result is returned",
    security,
    request: { params: idParam },
    responses: { 200: { description: "The completed call", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "tools:approve");
    const id = c.req.valid("param").id;
    const [pending] = await createDb(c.env)
      .select({ toolName: schema.toolCalls.toolName })
      .from(schema.toolCalls)
      .where(ownedBy(schema.toolCalls, id, identity.organizationId));
    if (!pending) throw new ProblemError("not-found", "No such tool call in this organization.");
    const tool = tools.get(pending.toolName);
    if (!tool) throw new ProblemError("not-found", `The tool "${pending.toolName}" no longer exists.`);
    // Approving runs the tool as the approver: they need what running it needs.
    requireToolScopes(identity, tool);
    const row = await decide(c.env, identity, id, { status: "running" }, c.req.raw.headers);
    const context = toolContext(c.env, c.executionCtx, identity, c.var.requestId, row);
    return answerCall(await runRecordedCall(context, tool, row)) as never;
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/reject",
    summary: "Reject a call awaiting confirmation: it never runs",
    security,
    request: {
      params: idParam,
      body: {
        content: {
          "application/json": { schema: z.object({ reason: z.string().trim().max(1_000).optional() }).strict() },
        },
        required: false,
      },
    },
    responses: { 200: { description: "The rejected call", ...one }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "tools:approve");
    const reason = c.req.valid("json")?.reason ?? null;
    const row = await decide(
      c.env,
      identity,
      c.req.valid("param").id,
      { status: "rejected", reason },
      c.req.raw.headers,
    );
    return c.json({ toolCall: toToolCall(row) }, 200);
  },
);

export const toolCalls = app;
