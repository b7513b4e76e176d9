import { createDb } from "@frontdesk/db";
import { conversationPriorities, conversationStatuses, escalationCategories } from "@frontdesk/db/schema";
import {
  createApi,
  type IdentityVariables,
  mutableResponse,
  ProblemError,
  pageQuery,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { inboxQueues, inboxSorts, readInbox } from "../conversations/inbox.ts";
import type { ChatEnv } from "../env.ts";
import { activeSessions } from "../presence/stubs.ts";
import type { SocketCredential } from "../sockets/socket-attachment.ts";

const inboxItemSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(conversationStatuses),
    agentId: z.uuid().nullable(),
    channelId: z.uuid().nullable(),
    channel: z.object({ type: z.string(), name: z.string() }).nullable(),
    title: z.string().nullable(),
    intent: z.string().nullable(),
    sentiment: z.string().nullable(),
    priority: z.enum(conversationPriorities),
    handoverReason: z.string().nullable(),
    escalationCategory: z.enum(escalationCategories).nullable(),
    messageCount: z.number().int(),
    startedAt: z.string(),
    lastActivityAt: z.string(),
    customer: z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    lastMessage: z
      .object({
        role: z.string(),
        content: z.string().openapi({ description: "At most 200 characters." }),
        sentAt: z.string(),
      })
      .nullable(),
  })
  .openapi("InboxItem");

const countsSchema = z
  .object({ waiting: z.number().int(), mine: z.number().int(), open: z.number().int(), urgent: z.number().int() })
  .openapi("InboxCounts");

const security = [{ bearer: [] }];

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The agent inbox: conversations by queue, most recently active first, with customer and last message",
  description:
    "Queues: `waiting` (handed over, waiting for a person), `mine` (held by the signed-in agent, or `agentId`), `open`, `closed`. `counts` holds each open queue's size and how many open conversations are `urgent`. `sort=priority` puts the most pressing first (urgent, high, normal, low; then most recently active); `priority` keeps one or more priorities.",
  security,
  request: {
    query: pageQuery.extend({
      queue: z.enum(inboxQueues).default("open"),
      q: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .openapi({ description: "The customer's name, email, company or phone." }),
      agentId: z.uuid().optional().openapi({ description: 'For API keys: whose queue "mine" is.' }),
      sort: z.enum(inboxSorts).default("activity"),
      priority: z
        .preprocess(
          (value) => (typeof value === "string" ? value.split(",").filter(Boolean) : value),
          z.array(z.enum(conversationPriorities)).min(1).max(4),
        )
        .optional()
        .openapi({ description: "Only these priorities, comma-separated (`urgent,high`)." }),
    }),
  },
  responses: {
    200: {
      description: "A page of the queue",
      content: {
        "application/json": {
          schema: z.object({ data: z.array(inboxItemSchema), nextCursor: z.string().nullable(), counts: countsSchema }),
        },
      },
    },
    ...problemResponses,
  },
});

const live = createRoute({
  method: "get",
  path: "/live",
  summary: "The inbox's live feed over a WebSocket: every conversation change, message and private note",
  description:
    'Sends `{"type":"ready"}`, then `{"type":"conversation","conversation":{...},"messages":[...]}` on every change and `{"type":"note","note":{...}}` on every private note. Read-only; closed with 4401 once the credential stops working (sign-out, deactivation, revocation).',
  security,
  responses: { 101: { description: "Switching to the WebSocket protocol" }, ...problemResponses },
});

/** `/v1/inbox`: what the agent workspace's inbox reads. */
export const inbox = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(list, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const query = c.req.valid("query");
    // One round trip: a staff user's own agent is looked up inside the inbox's statements.
    const mine = query.agentId
      ? { agentId: query.agentId }
      : identity.principal === "user"
        ? { userId: identity.subjectId }
        : null;
    const result = await readInbox(createDb(c.env), identity.organizationId, { ...query, mine });
    return c.json(
      {
        data: result.data.map((row) => ({
          id: row.conversation.id,
          status: row.conversation.status,
          agentId: row.conversation.agentId,
          channelId: row.conversation.channelId,
          channel: row.channel?.type && row.channel.name ? { type: row.channel.type, name: row.channel.name } : null,
          title: row.conversation.title,
          intent: row.conversation.intent,
          sentiment: row.conversation.sentiment,
          priority: row.conversation.priority,
          handoverReason: row.conversation.handoverReason,
          escalationCategory: row.conversation.escalationCategory,
          messageCount: row.conversation.messageCount,
          startedAt: row.conversation.startedAt.toISOString(),
          lastActivityAt: new Date(row.activityAt).toISOString(),
          customer: row.customer,
          lastMessage: row.lastMessage
            ? { ...row.lastMessage, sentAt: new Date(row.lastMessage.sentAt).toISOString() }
            : null,
        })),
        nextCursor: result.nextCursor,
        counts: result.counts,
      },
      200,
    );
  })
  .openapi(live, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    if (identity.principal !== "user" && identity.principal !== "api_key")
      throw new ProblemError("forbidden", "The inbox feed is for staff logins and API keys.");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new ProblemError("validation-failed", "Connect with a WebSocket upgrade.");
    const credential: SocketCredential = {
      kind: identity.principal,
      id: identity.subjectId,
      canWrite: false,
      expiresAt: identity.expiresAt ?? null,
      sessionId: identity.browserSessionId ?? null,
    };
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-inbox-socket", JSON.stringify({ organizationId: identity.organizationId, credential }));
    const response = await activeSessions(c.env, identity.organizationId).fetch(new Request(c.req.raw, { headers }));
    return mutableResponse(response) as never;
  });
