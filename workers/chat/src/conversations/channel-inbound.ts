import type { ChannelMessage, channelReactions, deliveryUpdates } from "@frontdesk/contracts/chat";
import { createDb, resolveCustomer, suggestMergesFor } from "@frontdesk/db";
import { problem, type RpcFailure, rpcFailure } from "@frontdesk/http";
import type * as z from "@frontdesk/http/zod";
import { sql } from "drizzle-orm";
import { toMetadata } from "../conversation/state.ts";
import { assetPhoneData } from "../customers/phone-data.ts";
import type { ChatEnv } from "../env.ts";
import type { Refusal } from "../session/outcomes.ts";
import { refusalProblem, sessionContext } from "../session/stub.ts";
import { openChannelConversation } from "./start.ts";

/**
 * The customer behind a channel message. A sender the channel vouches for is matched by their
 * channel identity, email or phone. One it cannot vouch for (an email whose From no mail server
 * authenticated) is someone claiming an address: they get a customer of their own under an
 * `unverified:` identity, never another customer's records, and the address they claim becomes a
 * merge suggestion for a person to judge.
 */
async function channelCustomer(
  env: ChatEnv,
  organizationId: string,
  channelId: string,
  sender: ChannelMessage["sender"],
) {
  const db = createDb(env);
  const phoneData = assetPhoneData(env.ASSETS);
  if (sender.verified !== false)
    return resolveCustomer(
      db,
      organizationId,
      { channelIdentifier: sender.id, name: sender.name, phone: sender.phone, email: sender.email, verified: true },
      channelId,
      phoneData,
    );
  const customerId = await resolveCustomer(
    db,
    organizationId,
    { channelIdentifier: `unverified:${sender.id}`, name: sender.name, verified: false },
    channelId,
    phoneData,
  );
  await suggestMergesFor(db, organizationId, customerId, { email: sender.email, phone: sender.phone }, phoneData);
  return customerId;
}

/**
 * A channel message: the customer is matched (or created), their open conversation on the channel
 * found or started, and the turn run. An unverified sender's conversation goes to a person first,
 * so the assistant never answers (or acts for) someone it cannot identify.
 */
export async function receiveChannelMessage(env: ChatEnv, inbound: ChannelMessage) {
  const { organizationId, channelId, sender, message, attribution, thread } = inbound;
  const customerId = await channelCustomer(env, organizationId, channelId, sender);
  const conversationId =
    (thread && (await threadConversation(env, organizationId, channelId, customerId, thread.references))) ??
    (
      await openChannelConversation(env, {
        organizationId,
        customerId,
        channelId,
        attribution,
        ...(thread ? { sessionKey: thread.key } : {}),
      })
    ).id;
  const session = sessionContext(env, conversationId);
  if (sender.verified === false) await session.handover(organizationId, conversationId, "unverified_sender");
  const outcome = await session.sendMessage(organizationId, conversationId, message.content, {
    externalMessageId: message.externalId,
    senderExternalId: sender.id,
    senderName: sender.name ?? null,
    ...(message.details ? { details: toMetadata(message.details) } : {}),
    ...(message.attachment ? { attachment: message.attachment } : {}),
  });
  if (!outcome.ok && outcome.reason === "duplicate-message") {
    // The turn ran before (its caller died before it sent the reply): the reply it gave comes along.
    const reply = await replyTo(env, organizationId, conversationId, message.externalId);
    return rpcFailure("duplicate-message", problem(refusalProblem(outcome.reason), outcome.detail, { reply }));
  }
  if (!outcome.ok) return refusal(outcome.reason, outcome.detail);
  const { message: stored, reply } = outcome.value;
  return {
    conversationId,
    messageId: stored.id,
    reply: reply ? { id: reply.id, content: reply.content } : null,
  };
}

/**
 * The open conversation an email answers: the newest one holding a message whose Message-ID the
 * email names (In-Reply-To, References), ours or the customer's. A thread whose conversation was
 * closed starts a new one (under the same thread key).
 */
async function threadConversation(
  env: ChatEnv,
  organizationId: string,
  channelId: string,
  customerId: string,
  references: string[],
): Promise<string | undefined> {
  if (references.length === 0) return undefined;
  const result = await createDb(env).execute<{ id: string }>(sql`
    select c.id from messages m
    join conversations c on c.organization_id = m.organization_id and c.id = m.conversation_id
    where m.organization_id = ${organizationId} and m.channel_id = ${channelId}
      and m.external_message_id in (select jsonb_array_elements_text(${JSON.stringify(references)}::jsonb))
      and c.customer_id = (select coalesce(merged_into_customer_id, id) from customers
        where organization_id = ${organizationId} and id = ${customerId})
      and c.status <> 'closed'
    order by m.sent_at desc limit 1`);
  return result.rows[0]?.id;
}

const refusal = (reason: Refusal, detail: string): RpcFailure<Refusal> =>
  rpcFailure(reason, problem(refusalProblem(reason), detail));

/** The assistant's answer that followed a channel message, if there was one. */
async function replyTo(env: ChatEnv, organizationId: string, conversationId: string, externalMessageId: string) {
  const result = await createDb(env).execute<{ id: string; content: string }>(sql`
    select a.id, a.content from messages c
    join messages a on a.organization_id = c.organization_id and a.conversation_id = c.conversation_id
      and a.role = 'assistant' and a.sent_at >= c.sent_at
    where c.organization_id = ${organizationId} and c.conversation_id = ${conversationId}
      and c.role = 'customer' and c.external_message_id = ${externalMessageId}
    order by a.sent_at limit 1`);
  return result.rows[0] ?? null;
}

/** Delivery statuses of our replies; an out-of-order status never moves a message backwards. */
export async function recordDeliveries(env: ChatEnv, input: z.infer<typeof deliveryUpdates>) {
  const { organizationId, channelId, updates } = input;
  const rank = (column: unknown) =>
    sql`array_position(array['pending', 'sent', 'delivered', 'read']::text[], ${column})`;
  const result = await createDb(env).execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        as u("externalMessageId" text, "messageId" uuid, status text, error text)
    )
    update messages m set
      external_message_id = u."externalMessageId",
      delivery_status = u.status,
      delivery_error = case when u.status = 'failed' then coalesce(u.error, 'The provider did not deliver it.') end
    from input u
    where m.organization_id = ${organizationId} and m.channel_id = ${channelId}
      and (m.id = u."messageId" or (u."messageId" is null and m.external_message_id = u."externalMessageId"))
      and (m.delivery_status is null
        or (u.status = 'failed' and m.delivery_status in ('pending', 'sent'))
        or (u.status <> 'failed' and m.delivery_status <> 'failed'
          and ${rank(sql`u.status`)} > ${rank(sql`m.delivery_status`)}))`);
  return { updated: result.rowCount ?? 0 };
}

/**
 * Reactions, each stored on the message it reacts to (one per person: a new emoji replaces theirs,
 * an empty one takes it back). A reaction is never a message and never starts a turn.
 */
export async function recordReactions(env: ChatEnv, input: z.infer<typeof channelReactions>) {
  const { organizationId, channelId, reactions } = input;
  const result = await createDb(env).execute(sql`
    with input as (
      select distinct on (e ->> 'externalMessageId', e ->> 'by')
        e ->> 'externalMessageId' as "externalMessageId", e ->> 'emoji' as emoji, e ->> 'by' as by
      from jsonb_array_elements(${JSON.stringify(reactions)}::jsonb) with ordinality as r(e, n)
      order by e ->> 'externalMessageId', e ->> 'by', n desc
    ), grouped as (
      select "externalMessageId", array_agg(by) as people,
        coalesce(jsonb_agg(jsonb_build_object('emoji', emoji, 'by', by, 'at', now()))
          filter (where emoji <> ''), '[]') as added
      from input group by "externalMessageId"
    )
    update messages m set reactions = coalesce((
        select jsonb_agg(kept) from jsonb_array_elements(m.reactions) kept
        where not (kept ->> 'by' = any(g.people))), '[]') || g.added
    from grouped g
    where m.organization_id = ${organizationId} and m.channel_id = ${channelId}
      and m.external_message_id = g."externalMessageId"`);
  return { updated: result.rowCount ?? 0 };
}
