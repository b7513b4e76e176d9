import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../client.ts";
import { postgresErrorCode } from "../error-code.ts";
import * as schema from "../schema/index.ts";
import { normalizePhone, type PhoneDataSource, phoneKeys } from "./phone.ts";

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

/** The input with its phone in E.164 (where it is a valid number) and the digit strings it may be stored under. */
type KeyedInput = CustomerInput & { phoneKeys: string[] };

async function keyed(
  db: Database,
  organizationId: string,
  input: CustomerInput,
  phoneData: PhoneDataSource,
): Promise<KeyedInput> {
  if (!input.phone) return { ...input, phoneKeys: [] };
  const normalized = await normalizePhone(db, organizationId, input.phone, phoneData);
  return { ...input, phone: normalized ?? input.phone, phoneKeys: phoneKeys(input.phone, normalized) };
}

type Candidate = {
  id: string;
  by_identity: boolean;
  by_external_id: boolean;
  by_email: boolean;
  by_phone: boolean;
  created_ms: number;
};

/** How sure a match by each key is that two records are one person. */
const matchConfidence = { email: 0.9, verifiedPhone: 0.9, phone: 0.6 } as const;
/** The organization setting `customers/auto_merge_confidence`: the confidence a verified match needs to merge by itself. */
export const defaultAutoMergeConfidence = 0.9;

const sameKey = (c: Candidate) => c.by_identity || c.by_external_id;
const confidenceOf = (c: Candidate, verified: boolean) =>
  sameKey(c)
    ? 1
    : c.by_email
      ? matchConfidence.email
      : verified
        ? matchConfidence.verifiedPhone
        : matchConfidence.phone;
const matchedOn = (c: Candidate): (typeof schema.mergeMatches)[number] =>
  c.by_external_id ? "external_id" : c.by_email ? "email" : "phone";

/**
 * Finds the customer through their identities or creates them (seed 004's identity resolution):
 *  - matches by the channel identity, external id, email or phone (merged customers resolve to
 *    the one they were merged into);
 *  - a customer seen on a channel for the first time gets that channel's identity, with a
 *    confidence that says how they were recognised;
 *  - the same identity or external id is the same person. Another key (email, phone) merges two
 *    customers by itself only when the caller vouches for it (`verified`: the business's own API,
 *    a channel that owns the number, a signed web identity) and the match's confidence reaches the
 *    organization's `customers/auto_merge_confidence`; the newer is merged into the oldest
 *    (`merge_customers`, recorded and undoable). A weaker match is not trusted with the person's
 *    history: it becomes a merge suggestion for a person to accept or dismiss.
 */
export async function resolveCustomer(
  db: Database,
  organizationId: string,
  written: CustomerInput,
  channelId: string | null,
  phoneData: PhoneDataSource,
): Promise<string> {
  const input = await keyed(db, organizationId, written, phoneData);
  const candidates = await findCandidates(db, organizationId, input, channelId);
  const verified = input.verified === true;
  const threshold = candidates.some((c) => !sameKey(c) && verified) ? await autoMergeConfidence(db, organizationId) : 1;
  const mergeable = (c: Candidate) => sameKey(c) || (verified && confidenceOf(c, verified) >= threshold);
  const same = candidates.filter(mergeable);
  const weak = candidates.filter((c) => !mergeable(c));
  if (same.length === 0) {
    // An email another customer holds is theirs until a person accepts the suggestion.
    const claimsTakenEmail = weak.some((c) => c.by_email);
    const id = await createCustomer(
      db,
      organizationId,
      claimsTakenEmail ? { ...input, email: undefined } : input,
      channelId,
    );
    const suggestions = suggestMerges(db, organizationId, id, weak, verified);
    if (suggestions) await suggestions;
    return id;
  }
  const survivor = same.reduce((oldest, c) => (c.created_ms < oldest.created_ms ? c : oldest));
  const writes: BatchItem<"pg">[] = same
    .filter((c) => c.id !== survivor.id)
    .map((c) => db.execute(sql`select merge_customers(${organizationId}, ${c.id}, ${survivor.id})`));
  const identifier = input.channelIdentifier ?? input.externalId;
  if (channelId && identifier && !candidates.some((c) => c.by_identity)) {
    const confidence = survivor.by_external_id ? "1.00" : survivor.by_email || verified ? "0.90" : "0.60";
    writes.push(
      db
        .insert(schema.customerIdentities)
        .values({
          organizationId,
          customerId: survivor.id,
          channelId,
          channelIdentifier: identifier,
          confidenceScore: confidence,
          verified,
        })
        .onConflictDoNothing(),
    );
  }
  if (writes.length > 0 || input.email || input.phone || input.name) {
    writes.push(fillCustomerGaps(db, organizationId, survivor.id, input));
  }
  const suggestions = suggestMerges(db, organizationId, survivor.id, weak, verified);
  if (suggestions) writes.push(suggestions);
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
  return survivor.id;
}

/**
 * The statement suggesting to merge `customerId` into each weakly matching customer (one suggestion
 * per pair, ever: a dismissed pair is not suggested again), or undefined when there is none.
 */
function suggestMerges(db: Database, organizationId: string, customerId: string, weak: Candidate[], verified: boolean) {
  const rows = weak
    .filter((c) => c.id !== customerId)
    .map((c) => ({
      organizationId,
      targetCustomerId: c.id,
      sourceCustomerId: customerId,
      matchedOn: matchedOn(c),
      confidence: confidenceOf(c, verified).toFixed(2),
    }));
  return rows.length > 0 ? db.insert(schema.customerMergeSuggestions).values(rows).onConflictDoNothing() : undefined;
}

/** Suggests merges for what a person told us about themselves without proof (a web form's email or phone). */
export async function suggestMergesFor(
  db: Database,
  organizationId: string,
  customerId: string,
  claimed: Pick<CustomerInput, "email" | "phone">,
  phoneData: PhoneDataSource,
): Promise<void> {
  if (!claimed.email && !claimed.phone) return;
  const input = await keyed(db, organizationId, { email: claimed.email, phone: claimed.phone }, phoneData);
  const candidates = await findCandidates(db, organizationId, input, null);
  const suggestions = suggestMerges(db, organizationId, customerId, candidates, false);
  if (suggestions) await suggestions;
}

/** The organization's `customers/auto_merge_confidence` (default 0.9). */
export async function autoMergeConfidence(db: Database, organizationId: string): Promise<number> {
  const result = await db.execute<{ value: unknown }>(sql`
    select value from settings
    where organization_id = ${organizationId} and category = 'customers' and key = 'auto_merge_confidence'`);
  const value = result.rows[0]?.value;
  return typeof value === "number" && value >= 0 && value <= 1 ? value : defaultAutoMergeConfidence;
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
  input: KeyedInput,
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
  input: KeyedInput,
  channelId: string | null,
): Promise<Candidate[]> {
  const identifier = input.channelIdentifier ?? input.externalId ?? null;
  const phones = JSON.stringify(input.phoneKeys);
  const byPhone = sql`c.phone_digits in (select jsonb_array_elements_text(${phones}::jsonb))`;
  if (!identifier && !input.externalId && !input.email && input.phoneKeys.length === 0) return [];
  const result = await db.execute<Candidate>(sql`
    select r.id,
      bool_or(i.id is not null) as by_identity,
      bool_or(c.external_id = ${input.externalId ?? null}) is true as by_external_id,
      bool_or(lower(c.email) = lower(${input.email ?? null})) is true as by_email,
      bool_or(${byPhone}) is true as by_phone,
      (extract(epoch from r.created_at) * 1000)::float8 as created_ms
    from customers c
    join customers r on r.organization_id = c.organization_id and r.id = coalesce(c.merged_into_customer_id, c.id)
    left join customer_identities i
      on i.customer_id = c.id and i.channel_id = ${channelId} and i.channel_identifier = ${identifier}
    where c.organization_id = ${organizationId}
      and (i.id is not null
        or c.external_id = ${input.externalId ?? null}
        or lower(c.email) = lower(${input.email ?? null})
        or ${byPhone})
    group by r.id, r.created_at
    order by bool_or(i.id is not null) desc, bool_or(c.external_id = ${input.externalId ?? null}) is true desc,
      bool_or(lower(c.email) = lower(${input.email ?? null})) is true desc, r.created_at`);
  return result.rows;
}
