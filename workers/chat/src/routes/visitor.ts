import { visitorConversationView, visitorMessageView } from "@frontdesk/contracts/chat";
import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import {
  createApi,
  decodeCursor,
  type ForwardedIdentity,
  type IdentityVariables,
  notFoundResponse,
  ProblemError,
  pageBy,
  pageQuery,
  problemResponses,
  problemSchema,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import { toMetadata } from "../conversation/state.ts";
import { visitorConversation, visitorMessage } from "../conversation/visitor-views.ts";
import { recordCsat } from "../conversations/csat.ts";
import type { ChatEnv } from "../env.ts";
import { openSessionSocket } from "../session/open-socket.ts";
import { sessionContext } from "../session/stub.ts";
import { uiMessageStreamResponse } from "../stream/ui-message-stream.ts";
import { activeWebChannel, runVisitorTurn, type VisitorRef, visitorConversationRow } from "../visitors/visitor-turn.ts";
import { messageBody, messageText } from "./message-body.ts";

const security = [{ visitorToken: [] }];
const params = z.object({
  publishableKey: z
    .string()
    .regex(/^fdp_[A-Za-z0-9]{24}$/)
    .openapi({ param: { name: "publishableKey", in: "path" } }),
});
const conversationResponse = {
  content: { "application/json": { schema: z.object({ conversation: visitorConversationView }) } },
};
const closedResponse = {
  description: "The conversation is closed: start a new one (POST …/conversations with the same token)",
  content: { "application/problem+json": { schema: problemSchema } },
};

const current = createRoute({
  method: "get",
  path: "/{publishableKey}/conversation",
  summary: "The visitor's conversation (the one their visitor token is bound to)",
  security,
  request: { params },
  responses: { 200: { description: "The conversation", ...conversationResponse }, ...problemResponses },
});
const history = createRoute({
  method: "get",
  path: "/{publishableKey}/conversation/messages",
  summary: "The visitor's conversation history, newest first (what visitors see: no staff-only detail)",
  security,
  request: { params, query: pageQuery },
  responses: {
    200: {
      description: "A page of messages",
      content: {
        "application/json": {
          schema: z.object({ data: z.array(visitorMessageView), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});
const send = createRoute({
  method: "post",
  path: "/{publishableKey}/conversation/messages",
  summary: "The visitor's message and the assistant's reply (JSON, or streamed for the AI SDK's useChat)",
  description:
    "Accepts `{ content }` or the body `useChat` posts; that body or `Accept: text/event-stream` gets the AI SDK UI message stream. Outside the channel's business hours (with `afterHours: queue`) the message waits for a person and the reply is null.",
  security,
  request: { params, body: { content: { "application/json": { schema: messageBody } }, required: true } },
  responses: {
    200: {
      description: "The stored message and the reply",
      content: {
        "application/json": {
          schema: z.object({
            message: visitorMessageView,
            reply: visitorMessageView.nullable(),
            conversation: visitorConversationView,
          }),
        },
        "text/event-stream": { schema: z.string() },
      },
    },
    409: closedResponse,
    ...problemResponses,
  },
});
const live = createRoute({
  method: "get",
  path: "/{publishableKey}/conversation/live",
  summary: "Follow the conversation live over a WebSocket: agent replies, typing, status changes",
  description:
    'Browsers cannot set headers on a WebSocket: offer the subprotocols `frontdesk.visitor` and the visitor token (`new WebSocket(url, ["frontdesk.visitor", token])`); the server answers with `frontdesk.visitor`. The token never appears in a URL. Send `{"type":"typing","typing":true}` while typing.',
  request: { params },
  responses: { 101: { description: "Switching to the WebSocket protocol" }, ...problemResponses },
});
const csat = createRoute({
  method: "put",
  path: "/{publishableKey}/conversation/csat",
  summary: "The visitor rates the conversation (1-5) once it is closed",
  security,
  request: {
    params,
    body: {
      content: {
        "application/json": {
          schema: z
            .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "The conversation", ...conversationResponse },
    404: notFoundResponse,
    409: { ...closedResponse, description: "The conversation is still open" },
    ...problemResponses,
  },
});

const logout = createRoute({
  method: "delete",
  path: "/{publishableKey}/conversation/session",
  summary: "The visitor signs out: every visitor token of this browser stops working",
  description:
    "What `Frontdesk.logout()` calls when the site's user signs out: the token (and any other of the same visitor) is revoked at once, and the next visit starts as an unknown visitor.",
  security,
  request: { params },
  responses: { 204: { description: "Signed out" }, ...problemResponses },
});

/** The visitor behind the request: the gateway verified their token and forwarded what it binds. */
function visitorOf(identity: ForwardedIdentity): VisitorRef {
  if (identity.principal !== "visitor" || !identity.visitor)
    throw new ProblemError("unauthenticated", "Send the visitor token as a bearer token.");
  return {
    organizationId: identity.organizationId,
    channelId: identity.visitor.channelId,
    customerId: identity.subjectId,
    conversationId: identity.visitor.conversationId,
  };
}

/**
 * `/v1/public/{publishableKey}/conversation…`: a website visitor's own conversation, reached with
 * the visitor token the gateway issued and verified. A visitor sees visitor views only.
 */
export const visitorRoutes = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(current, async (c) => {
    const row = await visitorConversationRow(c.env, visitorOf(c.var.identity));
    return c.json({ conversation: visitorConversation(row, row.csatScore) }, 200);
  })
  .openapi(history, async (c) => {
    const visitor = visitorOf(c.var.identity);
    const { limit, cursor } = c.req.valid("query");
    const db = createDb(c.env);
    const m = schema.messages;
    const a = schema.agents;
    const rows = await db
      .select({ message: m, agentName: a.displayName })
      .from(m)
      .leftJoin(a, and(eq(a.organizationId, m.organizationId), eq(a.id, m.agentId)))
      .where(
        and(
          eq(m.organizationId, visitor.organizationId),
          eq(m.conversationId, visitor.conversationId),
          inArray(m.role, ["customer", "assistant", "agent", "system"]),
          afterCursor(m.createdAt, m.id, decodeCursor(cursor)),
        ),
      )
      .orderBy(...newestFirst(m.createdAt, m.id))
      .limit(limit + 1);
    const result = pageBy(rows, limit, (row) => row.message);
    // The assistant answers under the session's assistant name (its messages name no agent).
    const session = await sessionContext(c.env, visitor.conversationId).snapshot(
      visitor.organizationId,
      visitor.conversationId,
    );
    const assistantName = session?.assistantName ?? "Assistant";
    const data = result.data.flatMap(({ message, agentName }) => {
      const view = visitorMessage(
        {
          id: message.id,
          role: message.role,
          content: message.content,
          sentAt: message.createdAt.toISOString(),
          metadata: toMetadata(message.metadata),
        },
        assistantName,
      );
      return view ? [message.role === "agent" && !view.authorName ? { ...view, authorName: agentName } : view] : [];
    });
    return c.json({ data, nextCursor: result.nextCursor }, 200);
  })
  .openapi(send, async (c) => {
    const visitor = visitorOf(c.var.identity);
    const channel = await activeWebChannel(c.env, visitor);
    const body = c.req.valid("json");
    const content = messageText(body, channel.config.limits.maxMessageLength);
    const { message, reply, conversation } = await runVisitorTurn(c.env, channel, visitor, content);
    if ("messages" in body || c.req.header("accept")?.includes("text/event-stream")) {
      return uiMessageStreamResponse({
        messageId: reply?.id ?? crypto.randomUUID(),
        messageMetadata: {
          customerMessageId: message.id,
          conversation,
          ...(reply ? { authorName: reply.authorName, suggestions: reply.suggestions } : { handedOver: true }),
        },
        sources: reply?.sources ?? [],
        text: reply?.content ?? null,
      }) as never;
    }
    return c.json({ message, reply, conversation }, 200);
  })
  .openapi(live, async (c) => {
    const visitor = visitorOf(c.var.identity);
    const attachment = {
      role: "customer" as const,
      organizationId: visitor.organizationId,
      conversationId: visitor.conversationId,
      author: { agentId: null, userId: null, name: null },
      credential: {
        kind: "visitor" as const,
        id: visitor.channelId,
        canWrite: false,
        expiresAt: c.var.identity.expiresAt ?? null,
        sessionId: null,
      },
    };
    return (await openSessionSocket(c.env, c.req.raw, attachment, "frontdesk.visitor")) as never;
  })
  .openapi(logout, async (c) => {
    const visitor = visitorOf(c.var.identity);
    const visitorId = c.var.identity.visitor?.visitorId;
    if (visitorId)
      await createDb(c.env)
        .insert(schema.visitorRevocations)
        .values({ organizationId: visitor.organizationId, visitorId });
    return c.body(null, 204);
  })
  .openapi(csat, async (c) => {
    const visitor = visitorOf(c.var.identity);
    const { score, comment } = c.req.valid("json");
    const row = await recordCsat(c.env, {
      organizationId: visitor.organizationId,
      conversationId: visitor.conversationId,
      customerId: visitor.customerId,
      score,
      comment,
      by: "visitor",
    });
    if (!row) {
      await visitorConversationRow(c.env, visitor);
      throw new ProblemError("conflict", "A conversation can be rated once it is closed.");
    }
    return c.json({ conversation: visitorConversation(row, row.csatScore) }, 200);
  });
