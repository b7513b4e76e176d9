import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import { agentAvailabilities, agentStatuses } from "@frontdesk/db/schema";
import {
  createApi,
  decodeCursor,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ProblemError,
  page,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { activeSessions, agentPresence } from "../presence/stubs.ts";

const presenceSchema = z
  .object({
    agentId: z.uuid(),
    displayName: z.string(),
    status: z.enum(agentStatuses).openapi({ description: "Live status; offline once heartbeats stop (90 s)." }),
    availability: z.enum(agentAvailabilities),
    lastSeenAt: z.string().nullable(),
    activeChats: z.number().int(),
    maxConcurrentChats: z.number().int(),
  })
  .openapi("AgentPresence");

const sessionSchema = z
  .object({
    conversationId: z.uuid(),
    customerId: z.uuid(),
    channelId: z.uuid().nullable(),
    agentId: z.uuid().nullable(),
    startedAt: z.string(),
    lastActivityAt: z.string(),
  })
  .openapi("ActiveSession");

const security = [{ bearer: [] }];

type AgentRow = typeof schema.agents.$inferSelect;

/** An agent as the presence routes show it: the row's name and limits, the presence object's live state. */
const presenceOf = (
  agent: AgentRow,
  state: { status: (typeof agentStatuses)[number]; lastSeenAt: number; activeChats: string[] } | undefined,
): z.infer<typeof presenceSchema> => ({
  agentId: agent.id,
  displayName: agent.displayName,
  status: state?.status ?? "offline",
  availability: agent.availability,
  lastSeenAt: state ? iso(state.lastSeenAt) : null,
  activeChats: state?.activeChats.length ?? 0,
  maxConcurrentChats: agent.maxConcurrentChats,
});
const iso = (ms: number) => new Date(ms).toISOString();

const listAgents = createRoute({
  method: "get",
  path: "/agents",
  summary: "Human agents with their live status and how many chats each holds",
  security,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of agents", content: { "application/json": { schema: pageSchema(presenceSchema) } } },
    ...problemResponses,
  },
});
const heartbeat = createRoute({
  method: "put",
  path: "/agents/{id}",
  summary: "Report an agent's status; repeat at least every 90 s to stay online",
  description: "A staff user may report their own agent; other callers need the config:write scope.",
  security,
  request: {
    params: idParam,
    body: {
      content: { "application/json": { schema: z.object({ status: z.enum(agentStatuses) }).strict() } },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The agent's presence",
      content: { "application/json": { schema: z.object({ presence: presenceSchema }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const mine = createRoute({
  method: "get",
  path: "/me",
  summary: "The signed-in staff user's own human agent and its live status (what the workspace heartbeats)",
  security,
  responses: {
    200: {
      description: "The agent's presence",
      content: { "application/json": { schema: z.object({ presence: presenceSchema }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const listSessions = createRoute({
  method: "get",
  path: "/sessions",
  summary: "Open conversations, most recently active first",
  security,
  request: { query: pageQuery },
  responses: {
    200: {
      description: "A page of active sessions and how many there are in all",
      content: { "application/json": { schema: pageSchema(sessionSchema).extend({ total: z.number().int() }) } },
    },
    ...problemResponses,
  },
});

export const presence = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(listAgents, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { limit, cursor } = c.req.valid("query");
    const t = schema.agents;
    const [rows, live] = await Promise.all([
      createDb(c.env)
        .select()
        .from(t)
        .where(
          and(
            eq(t.organizationId, identity.organizationId),
            eq(t.kind, "human"),
            afterCursor(t.createdAt, t.id, decodeCursor(cursor)),
          ),
        )
        .orderBy(...newestFirst(t.createdAt, t.id))
        .limit(limit + 1),
      agentPresence(c.env, identity.organizationId).snapshot(),
    ]);
    const byAgent = new Map(live.map((state) => [state.agentId, state]));
    const result = page(rows, limit);
    return c.json(
      {
        data: result.data.map((agent) => presenceOf(agent, byAgent.get(agent.id))),
        nextCursor: result.nextCursor,
      },
      200,
    );
  })
  .openapi(heartbeat, async (c) => {
    const identity = c.var.identity;
    const { id } = c.req.valid("param");
    const { status } = c.req.valid("json");
    const t = schema.agents;
    const [agent] = await createDb(c.env)
      .select()
      .from(t)
      .where(and(eq(t.organizationId, identity.organizationId), eq(t.id, id), eq(t.kind, "human")));
    if (!agent) throw new ProblemError("not-found", "No such human agent in this organization.");
    const own = identity.principal === "user" && agent.userId === identity.subjectId;
    if (!own) requireScope(identity, "config:write");
    const state = await agentPresence(c.env, identity.organizationId).heartbeat(identity.organizationId, id, status);
    return c.json({ presence: presenceOf(agent, state) }, 200);
  })
  .openapi(mine, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const t = schema.agents;
    const [agent] =
      identity.principal === "user"
        ? await createDb(c.env)
            .select()
            .from(t)
            .where(
              and(eq(t.organizationId, identity.organizationId), eq(t.userId, identity.subjectId), eq(t.kind, "human")),
            )
        : [];
    if (!agent) throw new ProblemError("not-found", "This login is not a human agent of the organization.");
    const state = (await agentPresence(c.env, identity.organizationId).snapshot()).find((s) => s.agentId === agent.id);
    return c.json({ presence: presenceOf(agent, state) }, 200);
  })
  .openapi(listSessions, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor);
    const { sessions, total } = await activeSessions(c.env, identity.organizationId).list(
      limit + 1,
      after ? { lastActivityAt: Date.parse(after.createdAt), conversationId: after.id } : undefined,
    );
    // The page's sort key is the last activity, carried in the cursor's time field.
    const result = page(
      sessions.map((session) => ({ ...session, id: session.conversationId, createdAt: iso(session.lastActivityAt) })),
      limit,
    );
    return c.json(
      {
        data: result.data.map(({ id: _id, createdAt: _sortKey, ...session }) => ({
          ...session,
          startedAt: iso(session.startedAt),
          lastActivityAt: iso(session.lastActivityAt),
        })),
        nextCursor: result.nextCursor,
        total,
      },
      200,
    );
  });
