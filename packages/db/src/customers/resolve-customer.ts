import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { postgresErrorCode } from "../error-code.ts";
import * as schema from "../schema/index.ts";

export interface CustomerInput {
  externalId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
}

/**
 * Finds the customer through their identities (the channel identity, then external id, email,
 * phone; a merged customer resolves to the one it was merged into) or creates them. A customer
 * seen on a channel for the first time gets that channel's identity.
 */
export async function resolveCustomer(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  channelId: string | null,
): Promise<string> {
  const existing = await findCustomer(db, organizationId, input, channelId);
  if (existing) return existing;
  const id = crypto.randomUUID();
  try {
    await db.batch([
      db.insert(schema.customers).values({
        id,
        organizationId,
        externalId: input.externalId ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        name: input.name ?? null,
        primaryChannelId: channelId,
      }),
      ...(channelId && input.externalId
        ? [
            db
              .insert(schema.customerIdentities)
              .values({
                organizationId,
                customerId: id,
                channelId,
                channelIdentifier: input.externalId,
                verified: false,
              })
              .onConflictDoNothing(),
          ]
        : []),
    ]);
    return id;
  } catch (error) {
    // Someone created the same customer (same email) a moment ago: use theirs.
    if (postgresErrorCode(error) === "23505") {
      const raced = await findCustomer(db, organizationId, input, channelId);
      if (raced) return raced;
    }
    throw error;
  }
}

async function findCustomer(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  channelId: string | null,
): Promise<string | undefined> {
  if (!input.externalId && !input.email && !input.phone) return undefined;
  const result = await db.execute<{ id: string }>(sql`
    select coalesce(c.merged_into_customer_id, c.id) as id
    from customers c
    left join customer_identities i
      on i.customer_id = c.id and i.channel_id = ${channelId} and i.channel_identifier = ${input.externalId ?? null}
    where c.organization_id = ${organizationId}
      and (i.id is not null
        or c.external_id = ${input.externalId ?? null}
        or lower(c.email) = lower(${input.email ?? null})
        or c.phone = ${input.phone ?? null})
    order by (i.id is not null) desc, (c.external_id = ${input.externalId ?? null}) is true desc,
      (lower(c.email) = lower(${input.email ?? null})) is true desc, c.is_merged, c.created_at
    limit 1`);
  return result.rows[0]?.id;
}
