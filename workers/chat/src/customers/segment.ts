import type { SegmentIdentities } from "@frontdesk/contracts/chat";
import { createDb, resolveCustomer, schema } from "@frontdesk/db";
import { and, eq, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { deliverWebhooks } from "../webhooks/conversation-webhooks.ts";
import { assetPhoneData } from "./phone-data.ts";

const phonePattern = /^\+?[0-9 ().-]{6,20}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Segment's `identify` and `alias`, applied to customers:
 * - identify: the customer whose external id is the `userId` (created if missing) takes the
 *   traits; an email or phone that names another customer merges them by the usual rules (the
 *   business's own server vouches for what it sends);
 * - alias: `previousId` and `userId` are one person. If both are customers, the previous one is
 *   merged into the other (recorded, undoable); if only the previous one is, it takes the new id.
 */
export async function applySegmentIdentities(env: ChatEnv, input: SegmentIdentities) {
  const db = createDb(env);
  const { organizationId } = input;
  let identified = 0;
  let aliased = 0;
  for (const call of input.calls) {
    if (call.type === "identify") {
      const { traits } = call;
      const email = traits.email && emailPattern.test(traits.email) ? traits.email : undefined;
      const phone = traits.phone && phonePattern.test(traits.phone) ? traits.phone : undefined;
      const name = traits.name ?? ([traits.firstName, traits.lastName].filter(Boolean).join(" ") || undefined);
      const customerId = await resolveCustomer(
        db,
        organizationId,
        { externalId: call.userId, email, phone, name, verified: true },
        null,
        assetPhoneData(env.ASSETS),
      );
      const c = schema.customers;
      // Identify's traits are the business's latest word about the person: they overwrite.
      await db
        .update(c)
        .set({
          ...(traits.firstName ? { firstName: traits.firstName } : {}),
          ...(traits.lastName ? { lastName: traits.lastName } : {}),
          ...(name ? { name } : {}),
          ...(traits.company ? { company: traits.company } : {}),
          ...(phone ? { phone } : {}),
          lastInteractionAt: sql`now()`,
        })
        .where(and(eq(c.organizationId, organizationId), eq(c.id, customerId)));
      identified++;
    } else {
      const c = schema.customers;
      const holderOf = async (externalId: string) => {
        const [row] = await db
          .select({ id: c.id, mergedInto: c.mergedIntoCustomerId })
          .from(c)
          .where(and(eq(c.organizationId, organizationId), eq(c.externalId, externalId)));
        return row ? (row.mergedInto ?? row.id) : undefined;
      };
      const previous = await holderOf(call.previousId);
      if (!previous) continue;
      const current = await holderOf(call.userId);
      if (current === previous) continue;
      if (current) {
        await db.execute(
          sql`select merge_customers(${organizationId}, ${previous}, ${current}, 'automatic', '{"kind":"segment_alias"}'::jsonb, ${`alias ${call.previousId} → ${call.userId}`})`,
        );
      } else {
        await db
          .update(c)
          .set({
            externalId: call.userId,
            metadata: sql`${c.metadata} || jsonb_build_object('previous_external_id', ${call.previousId}::text)`,
          })
          .where(and(eq(c.organizationId, organizationId), eq(c.id, previous)));
      }
      aliased++;
    }
  }
  // An alias that merged two customers queued customer.merged (the merge's trigger): send it now.
  if (aliased > 0) await deliverWebhooks(env, organizationId);
  return { identified, aliased };
}
