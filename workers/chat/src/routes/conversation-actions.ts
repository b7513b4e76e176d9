import { createDb } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  createApi,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ProblemError,
  problemResponses,
  requireScope,
  scopesCover,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { agentReplyFor, replyRules } from "../conversations/channel-rules.ts";
import { recordCsat } from "../conversations/csat.ts";
import { markRead } from "../conversations/read-state.ts";
import { namedAgent, staffAuthor } from "../conversations/staff-author.ts";
import type { ChatEnv } from "../env.ts";
import { openSessionSocket } from "../session/open-socket.ts";
import { sessionContext, unwrap } from "../session/stub.ts";
import type { SocketAttachment } from "../sockets/socket-attachment.ts";
import { staffReply, uiMessageStreamResponse } from "../stream/ui-message-stream.ts";
import { messageBody, messageText } from "./message-body.ts";
import { conversationSchema, sessionSchema, toConversation, turnSchema } from "./schemas.ts";

const security = [{ bearer: [] }];
const content = z.string().trim().min(1).max(4000);

const sessionResponse = {
  content: { "application/json": { schema: z.object({ conversation: sessionSchema }) } },
};

const send = createRoute({
  method: "post",
  path: "/{id}/messages",
  summary: "The customer's message and the assistant's reply (JSON, or the AI SDK UI message stream)",
  description:
    "Accepts `{ content }` or the body `useChat` posts. The body `useChat` posts, or `Accept: text/event-stream`, gets the reply as the Vercel AI SDK UI message stream (what `useChat` reads). The reply is null while a person handles the conversation.",
  security,
  request: {
    params: idParam,
    body: { content: { "application/json": { schema: messageBody } }, required: true },
  },
  responses: {
    200: {
      description: "The stored message and the reply",
      content: { "application/json": { schema: turnSchema }, "text/event-stream": { schema: z.string() } },
    },
    404: notFoundResponse,
    409: {
      description: "The conversation is closed",
      content: { "application/problem+json": { schema: z.object({ type: z.string() }) } },
    },
    ...problemResponses,
  },
});
const agentMessage = createRoute({
  method: "post",
  path: "/{id}/agent-messages",
  summary: "A human agent's reply; the conversation is then with the agent",
  security,
  request: {
    params: idParam,
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              content: content.optional(),
              template: z
                .object({
                  name: z.string().min(1).max(512),
                  parameters: z.array(z.string().max(1000)).max(20).default([]),
                })
                .strict()
                .optional()
                .openapi({
                  description:
                    "WhatsApp: one of the channel's approved templates (config.templates) with its parameters; the only message WhatsApp delivers 24 hours after the customer last wrote.",
                }),
              agentId: z.uuid().optional().openapi({ description: "For API keys: which human agent speaks." }),
            })
            .strict()
            .refine((body) => (body.content === undefined) !== (body.template === undefined), {
              message: "Send either content or template.",
            }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "The stored message", content: { "application/json": { schema: turnSchema } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const handover = createRoute({
  method: "post",
  path: "/{id}/handover",
  summary: "Hand the conversation to a person: waiting, assigned to an online agent with room when there is one",
  security,
  request: {
    params: idParam,
    body: {
      content: { "application/json": { schema: z.object({ reason: z.string().max(500).optional() }).strict() } },
    },
  },
  responses: {
    200: { description: "The conversation", ...sessionResponse },
    404: notFoundResponse,
    ...problemResponses,
  },
});
/** A body-less status change of the conversation, answered with its new state. */
const statusChange = (path: string, summary: string) =>
  createRoute({
    method: "post",
    path,
    summary,
    security,
    request: { params: idParam },
    responses: {
      200: { description: "The conversation", ...sessionResponse },
      404: notFoundResponse,
      ...problemResponses,
    },
  });
const assign = createRoute({
  method: "post",
  path: "/{id}/assign",
  summary: "Give the conversation to a human agent (take it over: your own agent), or back to the queue with null",
  description:
    'A staff login may send `{"agentId":"me"}` to take the conversation over. Once a person holds it, the assistant stays quiet.',
  security,
  request: {
    params: idParam,
    body: {
      content: {
        "application/json": {
          schema: z.object({ agentId: z.union([z.uuid(), z.literal("me"), z.null()]) }).strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "The conversation", ...sessionResponse },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const close = statusChange("/{id}/close", "Close the conversation and write its summary");
const reopen = statusChange("/{id}/reopen", "Reopen a closed conversation");
const read = createRoute({
  method: "post",
  path: "/{id}/read",
  summary: "Mark the customer's messages read (a person opened the conversation); WhatsApp gets its read receipts",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "How many messages became read",
      content: { "application/json": { schema: z.object({ read: z.number().int() }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const csat = createRoute({
  method: "put",
  path: "/{id}/csat",
  summary: "Record the customer's satisfaction score (1-5)",
  security,
  request: {
    params: idParam,
    body: {
      content: {
        "application/json": {
          schema: z
            .object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The conversation",
      content: { "application/json": { schema: z.object({ conversation: conversationSchema }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const live = createRoute({
  method: "get",
  path: "/{id}/live",
  summary: 'Follow the conversation live over a WebSocket; send {"type":"message","content":"..."} to write',
  description: "Staff credentials join as the agent (their messages are agent replies); API keys join as the customer.",
  security,
  request: { params: idParam },
  responses: {
    101: { description: "Switching to the WebSocket protocol" },
    404: notFoundResponse,
    ...problemResponses,
  },
});

/** The human agent an assignment names: "me" (a staff login's own agent), an agent of this organization, or nobody. */
async function assignee(
  env: ChatEnv,
  identity: IdentityVariables["identity"],
  wanted: string | null,
): Promise<string | null> {
  if (wanted === null) return null;
  if (wanted === "me") {
    const me = identity.principal === "user" ? (await staffAuthor(env, identity)).agentId : null;
    if (!me) throw new ProblemError("validation-failed", 'agentId: "me" needs a staff login that is a human agent.');
    return me;
  }
  return (await namedAgent(env, identity.organizationId, wanted)).id;
}

/** The audit row of a staff action on a conversation, written once the session has taken it. */
function recordAction(
  env: ChatEnv,
  request: Headers,
  identity: IdentityVariables["identity"],
  conversationId: string,
  action: string,
  details?: Record<string, unknown>,
) {
  const db = createDb(env);
  return auditEntry(db, request, actorOf(identity), {
    organizationId: identity.organizationId,
    action,
    resource: "conversation",
    resourceId: conversationId,
    ...(details ? { details } : {}),
  });
}

export const conversationActions = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(send, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const turn = unwrap(await sessionContext(c.env, id).sendMessage(identity.organizationId, id, messageText(body)));
    // useChat's transport asks for no media type: its body shape is what says it reads the stream.
    const wantsStream = "messages" in body || c.req.header("accept")?.includes("text/event-stream");
    if (wantsStream) return uiMessageStreamResponse(staffReply(turn)) as never;
    return c.json(turn, 200);
  })
  .openapi(agentMessage, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const author = await staffAuthor(c.env, identity, body.agentId);
    const reply = agentReplyFor(await replyRules(c.env, identity.organizationId, id), body);
    const turn = unwrap(
      await sessionContext(c.env, id).agentReply(identity.organizationId, id, reply.content, author, {
        viaProvider: reply.viaProvider,
        ...(reply.template ? { template: reply.template } : {}),
      }),
    );
    // Whoever answers has read what the customer wrote.
    await markRead(c.env, identity.organizationId, id);
    return c.json(turn, 200);
  })
  .openapi(handover, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const reason = c.req.valid("json")?.reason ?? "requested_by_staff";
    const conversation = unwrap(await sessionContext(c.env, id).handover(identity.organizationId, id, reason));
    await recordAction(c.env, c.req.raw.headers, identity, id, "conversation.handed_over", { reason });
    return c.json({ conversation }, 200);
  })
  .openapi(assign, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const wanted = c.req.valid("json").agentId;
    const agentId = await assignee(c.env, identity, wanted);
    const conversation = unwrap(await sessionContext(c.env, id).assign(identity.organizationId, id, agentId));
    await recordAction(
      c.env,
      c.req.raw.headers,
      identity,
      id,
      agentId ? "conversation.assigned" : "conversation.unassigned",
      {
        agentId,
      },
    );
    return c.json({ conversation }, 200);
  })
  .openapi(close, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const conversation = unwrap(await sessionContext(c.env, id).close(identity.organizationId, id, "closed_by_staff"));
    await recordAction(c.env, c.req.raw.headers, identity, id, "conversation.closed");
    return c.json({ conversation }, 200);
  })
  .openapi(read, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    await replyRules(c.env, identity.organizationId, id); // 404 for another tenant's conversation
    return c.json({ read: await markRead(c.env, identity.organizationId, id) }, 200);
  })
  .openapi(reopen, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const conversation = unwrap(await sessionContext(c.env, id).reopen(identity.organizationId, id));
    await recordAction(c.env, c.req.raw.headers, identity, id, "conversation.reopened");
    return c.json({ conversation }, 200);
  })
  .openapi(csat, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const { score, comment } = c.req.valid("json");
    const row = await recordCsat(c.env, {
      organizationId: identity.organizationId,
      conversationId: id,
      score,
      comment,
      by: "staff",
    });
    if (!row) throw new ProblemError("not-found", "No such conversation in this organization.");
    return c.json({ conversation: toConversation(row) }, 200);
  })
  .openapi(live, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { id } = c.req.valid("param");
    const isStaff = identity.principal === "user";
    if (identity.principal !== "user" && identity.principal !== "api_key")
      throw new ProblemError("forbidden", "Live sockets are for API keys and staff logins.");
    const attachment: SocketAttachment = {
      role: isStaff ? "agent" : "customer",
      organizationId: identity.organizationId,
      conversationId: id,
      author: isStaff ? await staffAuthor(c.env, identity) : { agentId: null, userId: null, name: null },
      credential: {
        kind: identity.principal,
        id: identity.subjectId,
        canWrite: scopesCover(identity.scopes, "conversations:write"),
        expiresAt: identity.expiresAt ?? null,
        sessionId: identity.browserSessionId ?? null,
      },
    };
    return (await openSessionSocket(c.env, c.req.raw, attachment)) as never;
  });
