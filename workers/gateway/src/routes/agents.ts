import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import { agentAvailabilities, agentKinds, agentStatuses } from "@frontdesk/db/schema";
import {
  agentModelPattern,
  assertOwned,
  createApi,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
} from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { organizationOf, requireScope } from "../auth/authenticate.ts";

const agentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(agentKinds),
    userId: z.uuid().nullable(),
    displayName: z.string(),
    status: z.enum(agentStatuses),
    availability: z.enum(agentAvailabilities),
    maxConcurrentChats: z.number().int(),
    specialties: z.array(z.string()),
    model: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Agent");

const fields = {
  displayName: z.string().trim().min(1).max(100),
  status: z.enum(agentStatuses),
  availability: z.enum(agentAvailabilities),
  maxConcurrentChats: z.number().int().min(0).max(100),
  specialties: z.array(z.string().max(50)).max(30),
  model: z
    .string()
    .regex(agentModelPattern, "builtin, openai:<model>, or a Workers AI model (@cf/<author>/<name>)")
    .nullable(),
};

const createBody = z
  .object({ kind: z.enum(agentKinds), userId: z.uuid().optional(), ...fields })
  .partial({ status: true, availability: true, maxConcurrentChats: true, specialties: true, model: true })
  .strict()
  .refine((body) => (body.kind === "human") === (body.userId !== undefined), {
    message: "A human agent needs the userId of a staff user; an AI agent has none.",
    path: ["userId"],
  });

const updateBody = z.object(fields).partial().strict();

type AgentRow = typeof schema.agents.$inferSelect;

const toAgent = (row: AgentRow): z.infer<typeof agentSchema> => ({
  id: row.id,
  kind: row.kind,
  userId: row.userId,
  displayName: row.displayName,
  status: row.status,
  availability: row.availability,
  maxConcurrentChats: row.maxConcurrentChats,
  specialties: row.specialties,
  model: row.model,
  createdAt: row.createdAt.toISOString(),
});

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ agent: agentSchema }) } } };
const notFound = () => new ProblemError("not-found", "No such agent in this organization.");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List agents (AI and human)",
  security,
  middleware: [requireScope("config:read")] as const,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of agents", content: { "application/json": { schema: pageSchema(agentSchema) } } },
    ...problemResponses,
  },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create an agent; a human agent is a staff user",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { body: { content: { "application/json": { schema: createBody } }, required: true } },
  responses: { 201: { description: "The agent", ...one }, ...problemResponses },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change an agent's status, availability, capacity or specialties",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { params: idParam, body: { content: { "application/json": { schema: updateBody } }, required: true } },
  responses: { 200: { description: "The agent", ...one }, 404: notFoundResponse, ...problemResponses },
});
const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete an agent",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, 404: notFoundResponse, ...problemResponses },
});

export const agents = createApi<GatewayApp>()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const t = schema.agents;
    const result = await newestFirstPage(createDb(c.env), t, organizationOf(c.var.principal), { limit: limit, cursor });
    return c.json({ data: result.data.map(toAgent), nextCursor: result.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const id = crypto.randomUUID();
    try {
      const [[row]] = await db.batch([
        db
          .insert(schema.agents)
          .values({ id, organizationId, ...body, userId: body.userId ?? null })
          .returning(),
        auditEntry(db, c, {
          organizationId,
          action: "create",
          resource: "agent",
          resourceId: id,
          details: { kind: body.kind },
        }),
      ]);
      if (!row) throw new Error("insert returned no row");
      return c.json({ agent: toAgent(row) }, 201);
    } catch (error) {
      const code = postgresErrorCode(error);
      // The composite foreign key refuses a user of another organization exactly like an unknown one.
      if (code === "23503")
        throw new ProblemError("validation-failed", "userId: no such staff user in this organization.");
      if (code === "23505") throw new ProblemError("conflict", "This staff user already has an agent.");
      throw error;
    }
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const t = schema.agents;
    await assertOwned(db, t, id, organizationId, "agent");
    const [[row]] = await db.batch([
      db
        .update(t)
        .set(body)
        .where(ownedBy(t, id, organizationId))
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "update",
        resource: "agent",
        resourceId: id,
        details: { fields: Object.keys(body) },
      }),
    ]);
    if (!row) throw notFound();
    return c.json({ agent: toAgent(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const t = schema.agents;
    await assertOwned(db, t, id, organizationId, "agent");
    await db.batch([
      db.delete(t).where(ownedBy(t, id, organizationId)),
      auditEntry(db, c, { organizationId, action: "delete", resource: "agent", resourceId: id }),
    ]);
    return c.body(null, 204);
  });
