import type { Database } from "@frontdesk/db";
import { schema } from "@frontdesk/db";
import type { Context } from "hono";
import type { GatewayApp } from "./app-env.ts";

/** The audit row for a management write; insert it in the same batch as the write itself. */
export function auditEntry(
  db: Database,
  c: Context<GatewayApp>,
  entry: {
    organizationId: string;
    action: string;
    resource: string;
    resourceId: string;
    details?: Record<string, unknown>;
  },
) {
  const principal = c.var.principal;
  return db.insert(schema.auditLogs).values({
    organizationId: entry.organizationId,
    apiKeyId: principal.kind === "api_key" ? principal.apiKeyId : null,
    userId: principal.kind === "user" ? principal.userId : null,
    action: entry.action,
    resource: entry.resource,
    resourceId: entry.resourceId,
    details: { actor: principal.kind, ...entry.details },
    ipAddress: c.req.header("cf-connecting-ip") ?? null,
    userAgent: c.req.header("user-agent") ?? null,
  });
}
