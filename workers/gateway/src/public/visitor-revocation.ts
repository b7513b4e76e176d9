import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { GatewayEnv } from "../env.ts";
import type { VisitorClaims } from "./visitor-token.ts";

/**
 * Whether a revocation came after this token was issued: the visitor's own (a logout, or the
 * business revoked them) or their customer's (erasure, or the business signed the person out
 * everywhere). Read on every request, so a revocation takes effect at once.
 */
export async function isRevoked(env: GatewayEnv, visitor: VisitorClaims): Promise<boolean> {
  const result = await createDb(env).execute(sql`
    select 1 from visitor_revocations
    where organization_id = ${visitor.organizationId}
      and (visitor_id = ${visitor.visitorId} or customer_id = ${visitor.customerId})
      and revoked_at >= to_timestamp(${visitor.issuedAt}::float8 / 1000)
    limit 1`);
  return result.rows.length > 0;
}
