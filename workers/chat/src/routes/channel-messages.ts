import { createDb, resolveCustomer, schema } from "@frontdesk/db";
import { deliveryStatuses } from "@frontdesk/db/schema";
import { createApi, type IdentityVariables, ProblemError, problemResponses, requireScope } from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { activeSessions } from "../presence/stubs.ts";
import { sessionContext, unwrap } from "../session/stub.ts";
import { turnSchema } from "./schemas.ts";

const inboundBody = z
  .object({
    channelId: z.uuid(),
    sender: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .openapi({ description: "The sender's id on the channel (wa_id, phone, Telegram user id)." }),
      name: z.string().max(200).optional(),
      phone: z.string().max(40).optional(),
      email: z.email().optional(),
    }),
    message: z.object({ externalId: z.string().min(1).max(255), content: z.string().min(1).max(8000) }),
  })
  .strict();

const deliveryBody = z
  .object({
    channelId: z.uuid(),
    updates: z
      .array(
        z.object({
          externalMessageId: z.string().min(1).max(255),
          /** Our own id of a reply just sent: the provider's id is recorded on it. */
          messageId: z.uuid().optional(),
          status: z.enum(deliveryStatuses),
        }),
      )
      .min(1)
      .max(500),
  })
  .strict();

const inbound = createRoute({
  method: "post",
  path: "/",
  summary: "A verified channel message: the customer is matched, the conversation found or started, the turn run",
  request: { body: { content: { "application/json": { schema: inboundBody } }, required: true } },
  responses: {
    200: {
      description: "The turn",
      content: { "application/json": { schema: turnSchema.extend({ conversationId: z.uuid() }) } },
    },
    ...problemResponses,
  },
});

const deliveries = createRoute({
  method: "post",
  path: "/deliveries",
  summary: "Delivery statuses from the provider; a message's status never moves backwards",
  request: { body: { content: { "application/json": { schema: deliveryBody } }, required: true } },
  responses: {
    200: {
      description: "How many messages changed",
      content: { "application/json": { schema: z.object({ updated: z.number() }) } },
    },
    ...problemResponses,
  },
});

function requireChannelWorker(principal: string): void {
  if (principal !== "channel")
    throw new ProblemError("forbidden", "Only the channels worker delivers channel messages.");
}

/**
 * The open conversation of this customer on this channel, or a new one. Two first messages that
 * arrive together both try the insert; the open-conversation key lets one win and the other reads it.
 */
async function openConversation(env: ChatEnv, organizationId: string, customerId: string, channelId: string) {
  const db = createDb(env);
  const t = schema.conversations;
  const findOpen = async () => {
    const [open] = await db
      .select({ id: t.id })
      .from(t)
      .where(
        and(
          eq(t.organizationId, organizationId),
          eq(t.customerId, customerId),
          eq(t.channelId, channelId),
          ne(t.status, "closed"),
        ),
      )
      .orderBy(desc(t.startedAt))
      .limit(1);
    return open?.id;
  };
  const existing = await findOpen();
  if (existing) return existing;
  const [row] = await db
    .insert(t)
    .values({ organizationId, customerId, channelId })
    .onConflictDoNothing()
    .returning({ id: t.id });
  if (!row) {
    const raced = await findOpen();
    if (!raced) throw new Error("the open conversation was neither inserted nor found");
    return raced;
  }
  await activeSessions(env, organizationId).touch({ conversationId: row.id, customerId, channelId, agentId: null });
  return row.id;
}

/** Internal: only the channels worker calls these, over its service binding (the gateway never routes here). */
export const channelMessages = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(inbound, async (c) => {
    const identity = c.var.identity;
    requireChannelWorker(identity.principal);
    requireScope(identity, "conversations:write");
    const { channelId, sender, message } = c.req.valid("json");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    const customerId = await resolveCustomer(
      db,
      organizationId,
      { channelIdentifier: sender.id, name: sender.name, phone: sender.phone, email: sender.email, verified: true },
      channelId,
    );
    const conversationId = await openConversation(c.env, organizationId, customerId, channelId);
    const turn = unwrap(
      await sessionContext(c.env, conversationId).sendMessage(organizationId, conversationId, message.content, {
        externalMessageId: message.externalId,
        senderExternalId: sender.id,
        senderName: sender.name ?? null,
      }),
    );
    return c.json({ ...turn, conversationId }, 200);
  })
  .openapi(deliveries, async (c) => {
    const identity = c.var.identity;
    requireChannelWorker(identity.principal);
    const { channelId, updates } = c.req.valid("json");
    const rank = (column: unknown) =>
      sql`array_position(array['pending', 'sent', 'delivered', 'read']::text[], ${column})`;
    const result = await createDb(c.env).execute(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          as u("externalMessageId" text, "messageId" uuid, status text)
      )
      update messages m set
        external_message_id = u."externalMessageId",
        delivery_status = u.status
      from input u
      where m.organization_id = ${identity.organizationId} and m.channel_id = ${channelId}
        and (m.id = u."messageId" or (u."messageId" is null and m.external_message_id = u."externalMessageId"))
        and (m.delivery_status is null
          or (u.status = 'failed' and m.delivery_status in ('pending', 'sent'))
          or (u.status <> 'failed' and m.delivery_status <> 'failed'
            and ${rank(sql`u.status`)} > ${rank(sql`m.delivery_status`)}))`);
    return c.json({ updated: result.rowCount ?? 0 }, 200);
  });
