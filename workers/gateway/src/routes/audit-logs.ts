import { afterCursor, createDb, newestFirst, schema } from "@frontdesk/db";
import { createApi, decodeCursor, pageBy, pageQuery, pageSchema, problemResponses } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, gte, lte } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { organizationOf, requireScope } from "../auth/authenticate.ts";

const auditLogSchema = z
  .object({
    id: z.uuid(),
    action: z.string(),
    resource: z.string(),
    resourceId: z.string().nullable(),
    /** Who: a staff user, an API key, or neither (the platform admin, or the system). */
    userId: z.uuid().nullable(),
    apiKeyId: z.uuid().nullable(),
    details: z.record(z.string(), z.unknown()),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    occurredAt: z.string(),
  })
  .openapi("AuditLog");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The audit log, newest first (owners and admins)",
  description:
    "Every management write, conversation action, merge, erasure and tool approval: who (`userId` or `apiKeyId`), what (`action`, `resource`, `resourceId`), when, and from where. Filter by actor, action, resource and time.",
  security: [{ bearer: [] }],
  middleware: [requireScope("audit_logs:read")] as const,
  request: {
    query: pageQuery.extend({
      userId: z.uuid().optional(),
      apiKeyId: z.uuid().optional(),
      action: z.string().trim().min(1).max(100).optional(),
      resource: z.string().trim().min(1).max(100).optional(),
      resourceId: z.string().trim().min(1).max(200).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of audit rows",
      content: { "application/json": { schema: pageSchema(auditLogSchema) } },
    },
    ...problemResponses,
  },
});

/** `/v1/audit-logs`: reading what the audit helper wrote, scoped to the caller's organization. */
export const auditLogs = createApi<GatewayApp>().openapi(list, async (c) => {
  const query = c.req.valid("query");
  const a = schema.auditLogs;
  const rows = await createDb(c.env)
    .select()
    .from(a)
    .where(
      and(
        eq(a.organizationId, organizationOf(c.var.principal)),
        query.userId ? eq(a.userId, query.userId) : undefined,
        query.apiKeyId ? eq(a.apiKeyId, query.apiKeyId) : undefined,
        query.action ? eq(a.action, query.action) : undefined,
        query.resource ? eq(a.resource, query.resource) : undefined,
        query.resourceId ? eq(a.resourceId, query.resourceId) : undefined,
        query.from ? gte(a.occurredAt, new Date(query.from)) : undefined,
        query.to ? lte(a.occurredAt, new Date(query.to)) : undefined,
        afterCursor(a.occurredAt, a.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(...newestFirst(a.occurredAt, a.id))
    .limit(query.limit + 1);
  const result = pageBy(rows, query.limit, (row) => ({ createdAt: row.occurredAt, id: row.id }));
  return c.json(
    {
      data: result.data.map((row) => ({
        id: row.id,
        action: row.action,
        resource: row.resource,
        resourceId: row.resourceId,
        userId: row.userId,
        apiKeyId: row.apiKeyId,
        details: row.details,
        ipAddress: row.ipAddress,
        userAgent: row.userAgent,
        occurredAt: row.occurredAt.toISOString(),
      })),
      nextCursor: result.nextCursor,
    },
    200,
  );
});
