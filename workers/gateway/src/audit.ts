import type { Database } from "@frontdesk/db";
import { auditEntry as sharedAuditEntry } from "@frontdesk/http";
import type { Context } from "hono";
import type { GatewayApp } from "./app-env.ts";

/** The audit row for a management write by the caller the gateway authenticated. */
export function auditEntry(db: Database, c: Context<GatewayApp>, entry: Parameters<typeof sharedAuditEntry>[3]) {
  const principal = c.var.principal;
  return sharedAuditEntry(
    db,
    c.req.raw.headers,
    {
      kind: principal.kind,
      apiKeyId: principal.kind === "api_key" ? principal.apiKeyId : null,
      userId: principal.kind === "user" ? principal.userId : null,
    },
    entry,
  );
}
