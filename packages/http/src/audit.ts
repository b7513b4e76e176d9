import { type Database, schema } from "@frontdesk/db";

/** Who made a management write: the kind of credential and the key or staff user behind it. */
export interface AuditActor {
  kind: string;
  apiKeyId: string | null;
  userId: string | null;
}

/**
 * The audit row for a management write (who, what, from which address and user agent); insert it
 * in the same batch as the write itself so that one is never stored without the other.
 */
export function auditEntry(
  db: Database,
  request: Headers,
  actor: AuditActor,
  entry: {
    organizationId: string;
    action: string;
    resource: string;
    resourceId: string;
    details?: Record<string, unknown>;
  },
) {
  return db.insert(schema.auditLogs).values({
    organizationId: entry.organizationId,
    apiKeyId: actor.apiKeyId,
    userId: actor.userId,
    action: entry.action,
    resource: entry.resource,
    resourceId: entry.resourceId,
    details: { actor: actor.kind, ...entry.details },
    ipAddress: request.get("cf-connecting-ip"),
    userAgent: request.get("user-agent"),
  });
}
