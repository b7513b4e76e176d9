import { resolveCustomer, schema } from "@frontdesk/db";
import { packagedPhoneDataSource } from "@frontdesk/db/phone-data";
import { ownedBy } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { enqueueWebhook } from "@frontdesk/webhooks";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { defineTool } from "../registry/tool.ts";
import { conversationCustomer } from "./conversation-customer.ts";

const input = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ().-]{6,20}$/, "a phone number")
      .optional(),
    role: z.string().trim().max(200).optional().describe("The person's job or role, when they said it."),
    context: z.string().trim().max(2_000).optional().describe("What they want, in a sentence or two."),
    sourceIntent: z.string().trim().max(100).optional().describe("Why the lead came up (booking, pricing, ...)."),
  })
  .strict()
  .refine((value) => value.name || value.email || value.phone, {
    message: "Give at least a name, an email or a phone number",
  });

/**
 * Creates or updates the customer (found through their identities, or the conversation's customer)
 * and their open lead: one open lead per customer, enriched rather than duplicated.
 */
export const captureLead = defineTool({
  name: "capture_lead",
  effect: ["conversations:write"],
  reads: "conversations:read",
  description:
    "Save a prospective customer's contact details and what they want, so the team can follow up. Use it as soon as the customer has given a name plus an email or phone number.",
  input,
  async run(context, lead) {
    const { db, identity } = context;
    const organizationId = identity.organizationId;
    const inConversation = await conversationCustomer(context);
    const customerId =
      inConversation?.customerId ??
      (await resolveCustomer(
        db,
        organizationId,
        { name: lead.name, email: lead.email, phone: lead.phone, verified: true },
        null,
        packagedPhoneDataSource,
      ));
    const l = schema.leads;
    const [open] = await db
      .select({ id: l.id, status: l.status })
      .from(l)
      .where(
        and(
          eq(l.organizationId, organizationId),
          eq(l.customerId, customerId),
          inArray(l.status, ["new", "contacted", "qualified"]),
        ),
      )
      .orderBy(desc(l.createdAt))
      .limit(1);
    const details = {
      ...(lead.name ? { name: lead.name } : {}),
      ...(lead.email ? { email: lead.email } : {}),
      ...(lead.phone ? { phone: lead.phone } : {}),
      ...(lead.role ? { role: lead.role } : {}),
      ...(lead.context ? { context: lead.context } : {}),
      ...(lead.sourceIntent ? { sourceIntent: lead.sourceIntent } : {}),
    };
    const c = schema.customers;
    const leadId = open?.id ?? crypto.randomUUID();
    // lead.created for a new lead, lead.updated when the customer's open lead got the new details.
    const webhook = enqueueWebhook(db, organizationId, open ? "lead.updated" : "lead.created", {
      lead: {
        id: leadId,
        customerId,
        conversationId: context.conversationId,
        status: open?.status ?? "new",
        sourceIntent: lead.sourceIntent ?? null,
      },
    });
    const [, written] = await db.batch([
      // Fill what the customer record lacks; never overwrite what the customer told us before.
      db
        .update(c)
        .set({
          name: sql`coalesce(${c.name}, ${lead.name ?? null})`,
          email: sql`coalesce(${c.email}, ${lead.email ?? null})`,
          phone: sql`coalesce(${c.phone}, ${lead.phone ?? null})`,
        })
        .where(and(ownedBy(c, customerId, organizationId), isNull(c.mergedIntoCustomerId))),
      open
        ? db
            .update(l)
            .set(details)
            .where(ownedBy(l, leadId, organizationId))
            .returning({ id: l.id })
        : // A concurrent capture for the same customer may have opened the lead a moment ago:
          // the open-lead key turns this insert into that lead's update.
          db
            .insert(l)
            .values({
              id: leadId,
              organizationId,
              customerId,
              conversationId: context.conversationId,
              channelId: inConversation?.channelId ?? null,
              ...details,
            })
            .onConflictDoUpdate({
              target: [l.organizationId, l.customerId],
              targetWhere: sql`${l.customerId} is not null and ${l.status} in ('new', 'contacted', 'qualified')`,
              set: details,
            })
            .returning({ id: l.id }),
      webhook.statement,
    ]);
    return { customerId, leadId: written[0]?.id ?? leadId, created: !open };
  },
  rehearse: () => ({ customerId: null, leadId: null, created: true, dryRun: true }),
});
