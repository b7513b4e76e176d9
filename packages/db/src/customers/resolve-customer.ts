import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../client.ts";
import { postgresErrorCode } from "../error-code.ts";
import * as schema from "../schema/index.ts";

export interface CustomerInput {
  externalId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
  /** The sender's id on the channel (a WhatsApp wa_id, a Telegram user id); defaults to externalId. */
  channelIdentifier?: string | undefined;
  /**
   * The channel itself vouches for the identifier and phone (WhatsApp and SMS senders own their
   * number): a phone match is then as strong as an email match, enough to merge two customers.
   */
  verified?: boolean | undefined;
}

type Candidate = {
  id: string;
  by_identity: boolean;
  by_external_id: boolean;
  by_email: boolean;
  by_phone: boolean;
  created_ms: number;
};

/** Phone numbers compare as their digits: "+1 (555) 010-0200", "15550100200" and "whatsapp:+15550100200" are one. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, "");

/**
 * Finds the customer through their identities or creates them (seed 004's identity resolution):
 *  - matches by the channel identity, external id, email or phone (merged customers resolve to
 *    the one they were merged into);
 *  - a customer seen on a channel for the first time gets that channel's identity, with a
 *    confidence that says how they were recognised;
 *  - when the strong keys (identity, external id, email, a verified phone) name two customers,
 *    they are one person: the newer is merged into the oldest (`merge_customers`).
 */
export async function resolveCustomer(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  channelId: string | null,
): Promise<string> {
  const candidates = await findCandidates(db, organizationId, input, channelId);
  if (candidates.length === 0) return createCustomer(db, organizationId, input, channelId);
  const strong = candidates.filter(
    (c) => c.by_identity || c.by_external_id || c.by_email || (c.by_phone && input.verified === true),
  );
  const same = strong.length > 0 ? strong : candidates.slice(0, 1);
  const survivor = same.reduce((oldest, c) => (c.created_ms < oldest.created_ms ? c : oldest));
  const writes: BatchItem<"pg">[] = same
    .filter((c) => c.id !== survivor.id)
    .map((c) => db.execute(sql`select merge_customers(${organizationId}, ${c.id}, ${survivor.id})`));
  const identifier = input.channelIdentifier ?? input.externalId;
  const known = candidates[0];
  if (channelId && identifier && !candidates.some((c) => c.by_identity)) {
    const confidence = known?.by_external_id ? "1.00" : known?.by_email || input.verified ? "0.90" : "0.60";
    writes.push(
      db
        .insert(schema.customerIdentities)
        .values({
          organizationId,
          customerId: survivor.id,
          channelId,
          channelIdentifier: identifier,
          confidenceScore: confidence,
          verified: input.verified ?? false,
        })
        .onConflictDoNothing(),
    );
  }
  if (writes.length > 0 || input.email || input.phone || input.name) {
    writes.push(fillCustomerGaps(db, organizationId, survivor.id, input));
  }
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
  return survivor.id;
}

/**
 * What the customer just told us fills the gaps, never overwrites what is on file; an email that
 * another customer holds is not taken (it would be a second claim on that person).
 */
export function fillCustomerGaps(
  db: Database,
  organizationId: string,
  customerId: string,
  input: Pick<CustomerInput, "email" | "phone" | "name">,
) {
  return db.execute(sql`
    update customers set
      email = coalesce(email, ${input.email ?? null}),
      phone = coalesce(phone, ${input.phone ?? null}),
      name = coalesce(name, ${input.name ?? null}),
      last_interaction_at = now()
    where organization_id = ${organizationId} and id = ${customerId}
      and not exists (select 1 from customers other where other.organization_id = ${organizationId}
        and other.id <> ${customerId} and not other.is_merged and ${input.email ?? null}::text is not null
        and lower(other.email) = lower(${input.email ?? null}))`);
}

async function createCustomer(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  channelId: string | null,
): Promise<string> {
  const id = crypto.randomUUID();
  const identifier = input.channelIdentifier ?? input.externalId;
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
        lastInteractionAt: new Date(),
      }),
      ...(channelId && identifier
        ? [
            db.insert(schema.customerIdentities).values({
              organizationId,
              customerId: id,
              channelId,
              channelIdentifier: identifier,
              verified: input.verified ?? false,
            }),
          ]
        : []),
    ]);
    return id;
  } catch (error) {
    // Someone created the same customer (same identity, email or external id) a moment ago: the
    // unique keys refused this whole batch (no second customer is left behind), so use theirs.
    if (postgresErrorCode(error) === "23505") {
      const [raced] = await findCandidates(db, organizationId, input, channelId);
      if (raced) return raced.id;
    }
    throw error;
  }
}

/** Every active customer one of the input's keys points at, strongest match first. */
async function findCandidates(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  channelId: string | null,
): Promise<Candidate[]> {
  const identifier = input.channelIdentifier ?? input.externalId ?? null;
  const digits = input.phone ? phoneDigits(input.phone) : null;
  if (!identifier && !input.externalId && !input.email && !digits) return [];
  const result = await db.execute<Candidate>(sql`
    select r.id,
      bool_or(i.id is not null) as by_identity,
      bool_or(c.external_id = ${input.externalId ?? null}) is true as by_external_id,
      bool_or(lower(c.email) = lower(${input.email ?? null})) is true as by_email,
      bool_or(regexp_replace(c.phone, '\\D', '', 'g') = ${digits}) is true as by_phone,
      (extract(epoch from r.created_at) * 1000)::float8 as created_ms
    from customers c
    join customers r on r.organization_id = c.organization_id and r.id = coalesce(c.merged_into_customer_id, c.id)
    left join customer_identities i
      on i.customer_id = c.id and i.channel_id = ${channelId} and i.channel_identifier = ${identifier}
    where c.organization_id = ${organizationId}
      and (i.id is not null
        or c.external_id = ${input.externalId ?? null}
        or lower(c.email) = lower(${input.email ?? null})
        or regexp_replace(c.phone, '\\D', '', 'g') = ${digits})
    group by r.id, r.created_at
    order by bool_or(i.id is not null) desc, bool_or(c.external_id = ${input.externalId ?? null}) is true desc,
      bool_or(lower(c.email) = lower(${input.email ?? null})) is true desc, r.created_at`);
  return result.rows;
}
