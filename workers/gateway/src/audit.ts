import type { Database } from "@frontdesk/db";
import { actorOf, auditEntry as sharedAuditEntry } from "@frontdesk/http";
import type { Context } from "hono";
import type { GatewayApp } from "./app-env.ts";
import { identityOf } from "./auth/principal.ts";

/** The audit row for a management write by the caller the gateway authenticated (the platform admin too). */
export function auditEntry(db: Database, c: Context<GatewayApp>, entry: Parameters<typeof sharedAuditEntry>[3]) {
  return sharedAuditEntry(db, c.req.raw.headers, actorOf(identityOf(c.var.principal)), entry);
}
