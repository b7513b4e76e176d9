import type { ChannelOutbound } from "@frontdesk/contracts/channel-outbound";
import { createDb, schema } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { loadChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";
import { deliverEmail, htmlOf, senderOf } from "../providers/email.ts";

type EmailWork = Extract<ChannelOutbound, { kind: "email" }>;

/**
 * The emails the business and its customers expect: a booking's confirmation (with its .ics) and
 * updates, a conversation's summary to the business. They are sent from the organization's first
 * active email channel whose address it proved (its address and name: mail never goes out under
 * an address the organization only claims); without one there is no sender, so nothing is sent
 * and the log says why. Each email sent is an analytics event, `email_sent`.
 */
export async function sendBusinessEmail(env: ChannelsEnv, work: EmailWork): Promise<void> {
  const db = createDb(env);
  const c = schema.channels;
  const [row] = await db
    .select({ id: c.id })
    .from(c)
    .where(
      and(
        eq(c.organizationId, work.organizationId),
        eq(c.type, "email"),
        eq(c.isActive, true),
        isNotNull(c.addressVerifiedAt),
      ),
    )
    .orderBy(asc(c.createdAt))
    .limit(1);
  if (!row) {
    console.log(
      JSON.stringify({
        event: "email-not-sent",
        reason: "no email channel with a proven address",
        purpose: work.purpose,
      }),
    );
    return;
  }
  const channel = await loadChannel(env, row.id, ["email"]);
  const recipients = work.to
    ? [work.to]
    : (z.array(z.email()).catch([]).parse(channel.config.summaryTo) ?? []).slice(0, 10);
  const sent: string[] = [];
  for (const to of recipients) {
    sent.push(
      await deliverEmail(env, {
        from: senderOf(channel),
        to,
        subject: work.subject,
        text: work.text,
        html: htmlOf(work.text),
        headers: { "X-Frontdesk-Purpose": work.purpose },
        ...(work.attachment
          ? {
              attachments: [
                {
                  filename: work.attachment.filename,
                  type: work.attachment.type,
                  content: work.attachment.content,
                  disposition: "attachment" as const,
                },
              ],
            }
          : {}),
      }),
    );
  }
  if (sent.length === 0) return;
  await db.insert(schema.analyticsEvents).values({
    organizationId: work.organizationId,
    kind: "system",
    eventType: "email_sent",
    customerId: work.customerId ?? null,
    conversationId: work.conversationId ?? null,
    channelId: channel.id,
    properties: {
      purpose: work.purpose,
      recipients: sent.length,
      toBusiness: !work.to,
      ...(work.bookingId ? { bookingId: work.bookingId } : {}),
      providerMessageIds: sent,
    },
  });
}
