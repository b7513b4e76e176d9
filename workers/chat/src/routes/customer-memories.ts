import { createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  configApp,
  idParam,
  notFoundResponse,
  ownedBy,
  ProblemError,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import { forgetCustomerSessions } from "../customers/forget-sessions.ts";
import { memorySchema, memoryView } from "../customers/views.ts";
import type { ChatEnv } from "../env.ts";

const security = [{ bearer: [] }];
const memoryParams = idParam.extend({
  memoryId: z.uuid().openapi({ param: { name: "memoryId", in: "path" } }),
});

const list = createRoute({
  method: "get",
  path: "/{id}/memories",
  summary: "What the assistant remembers about a customer, most important and recent first",
  description:
    "`long_term` memories follow the customer across conversations; `short_term` ones belong to one conversation's context; `channel_context` to one channel. Expired memories are left out (and deleted by a cron) unless `includeExpired=true`.",
  security,
  request: {
    params: idParam,
    query: z.object({
      kind: z.enum(schema.memoryKinds).optional(),
      includeExpired: z
        .enum(["true", "false"])
        .transform((value) => value === "true")
        .optional(),
    }),
  },
  responses: {
    200: {
      description: "The memories",
      content: { "application/json": { schema: z.object({ data: z.array(memorySchema) }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const correct = createRoute({
  method: "patch",
  path: "/{id}/memories/{memoryId}",
  summary: "Correct a memory: its value, importance or expiry",
  security,
  request: {
    params: memoryParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              value: z.union([z.string().max(2000), z.number(), z.boolean(), z.record(z.string(), z.unknown())]),
              importance: z.number().min(0).max(1),
              expiresAt: z.iso.datetime({ offset: true }).nullable(),
            })
            .partial()
            .strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "The memory", content: { "application/json": { schema: z.object({ memory: memorySchema }) } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const forget = createRoute({
  method: "delete",
  path: "/{id}/memories/{memoryId}",
  summary: "Delete a memory",
  security,
  request: { params: memoryParams },
  responses: { 204: { description: "Deleted" }, 404: notFoundResponse, ...problemResponses },
});

const ownMemory = (organizationId: string, customerId: string, memoryId: string) => {
  const m = schema.customerMemories;
  return and(eq(m.organizationId, organizationId), eq(m.customerId, customerId), eq(m.id, memoryId));
};

async function assertOwnMemory(
  db: ReturnType<typeof createDb>,
  organizationId: string,
  customerId: string,
  memoryId: string,
) {
  const m = schema.customerMemories;
  const [row] = await db
    .select({ id: m.id })
    .from(m)
    .where(ownMemory(organizationId, customerId, memoryId));
  if (!row) throw new ProblemError("not-found", "No such memory of this customer.");
}

/** A customer's memories (seed 003's memory collection), under `/v1/customers/{id}/memories`. */
export const customerMemories = configApp<ChatEnv>()
  .openapi(list, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const { id } = c.req.valid("param");
    const query = c.req.valid("query");
    const organizationId = c.var.identity.organizationId;
    const db = createDb(c.env);
    const m = schema.customerMemories;
    const [[owner], rows] = await db.batch([
      db
        .select({ id: schema.customers.id })
        .from(schema.customers)
        .where(ownedBy(schema.customers, id, organizationId)),
      db
        .select()
        .from(m)
        .where(
          and(
            eq(m.organizationId, organizationId),
            eq(m.customerId, id),
            query.kind ? eq(m.kind, query.kind) : undefined,
            query.includeExpired ? undefined : or(isNull(m.expiresAt), gt(m.expiresAt, new Date())),
          ),
        )
        .orderBy(desc(m.importance), desc(m.updatedAt)),
    ]);
    if (!owner) throw new ProblemError("not-found", "No such customer in this organization.");
    return c.json({ data: rows.map(memoryView) }, 200);
  })
  .openapi(correct, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id, memoryId } = c.req.valid("param");
    const changes = c.req.valid("json");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    await assertOwnMemory(db, organizationId, id, memoryId);
    const m = schema.customerMemories;
    const [[row]] = await db.batch([
      db
        .update(m)
        .set({
          ...(changes.value === undefined ? {} : { value: changes.value }),
          ...(changes.importance === undefined ? {} : { importance: changes.importance }),
          ...(changes.expiresAt === undefined
            ? {}
            : { expiresAt: changes.expiresAt === null ? null : new Date(changes.expiresAt) }),
          updatedAt: new Date(),
        })
        .where(ownMemory(organizationId, id, memoryId))
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_memory.corrected",
        resource: "customer",
        resourceId: id,
        details: { memoryId, fields: Object.keys(changes) },
      }),
    ]);
    if (!row) throw new ProblemError("not-found", "No such memory of this customer.");
    await forgetCustomerSessions(c.env, db, organizationId, id);
    return c.json({ memory: memoryView(row) }, 200);
  })
  .openapi(forget, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id, memoryId } = c.req.valid("param");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    await assertOwnMemory(db, organizationId, id, memoryId);
    const m = schema.customerMemories;
    await db.batch([
      db.delete(m).where(ownMemory(organizationId, id, memoryId)),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer_memory.deleted",
        resource: "customer",
        resourceId: id,
        details: { memoryId },
      }),
    ]);
    await forgetCustomerSessions(c.env, db, organizationId, id);
    return c.body(null, 204);
  });
