import type { VisitorAttachmentMessage, VisitorTurn } from "@frontdesk/contracts/chat";
import { isOpenAt } from "@frontdesk/contracts/web-channel";
import { createDb, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import type { ChannelInbound } from "../conversation/state.ts";
import { visitorConversation, visitorMessage } from "../conversation/visitor-views.ts";
import type { ChatEnv } from "../env.ts";
import { sessionContext, unwrap } from "../session/stub.ts";
import { loadWebChannel, type WebChannel } from "./web-channel.ts";

/** Who a visitor is: their organization, web channel, customer and the conversation their token binds. */
export interface VisitorRef {
  organizationId: string;
  channelId: string;
  customerId: string;
  conversationId: string;
}

export async function activeWebChannel(env: ChatEnv, visitor: VisitorRef): Promise<WebChannel> {
  const channel = await loadWebChannel(env, visitor.organizationId, visitor.channelId);
  if (!channel?.isActive) throw new ProblemError("not-found", "Unknown or inactive channel key.");
  return channel;
}

/** The visitor's conversation (it must still be theirs: a merge or an erasure may have moved it). */
export async function visitorConversationRow(env: ChatEnv, visitor: VisitorRef) {
  const t = schema.conversations;
  const [row] = await createDb(env)
    .select({ id: t.id, status: t.status, csatScore: t.csatScore })
    .from(t)
    .where(
      and(
        eq(t.organizationId, visitor.organizationId),
        eq(t.id, visitor.conversationId),
        eq(t.customerId, visitor.customerId),
      ),
    );
  if (!row) throw new ProblemError("not-found", "This visitor token's conversation no longer exists.");
  return row;
}

/**
 * A visitor's message and its turn, in visitor views. Outside business hours the message waits for
 * a person (reply null), unless the channel lets the assistant cover them.
 */
export async function runVisitorTurn(
  env: ChatEnv,
  channel: WebChannel,
  visitor: VisitorRef,
  content: string,
  inbound?: ChannelInbound,
): Promise<VisitorTurn> {
  const { organizationId, conversationId } = visitor;
  const session = sessionContext(env, conversationId);
  if (channel.config.afterHours === "queue" && !isOpenAt(channel.config.businessHours, new Date()))
    unwrap(await session.handover(organizationId, conversationId, "outside_business_hours"));
  const turn = unwrap(await session.sendMessage(organizationId, conversationId, content, inbound));
  const { assistantName } = turn.conversation;
  const message = visitorMessage(turn.message, assistantName);
  if (!message) throw new Error("a customer message has a visitor view");
  return {
    message,
    reply: turn.reply && visitorMessage(turn.reply, assistantName),
    conversation: visitorConversation(turn.conversation),
  };
}

/**
 * A file the visitor sent from the widget (the channels worker stored it): a message in their own
 * conversation, answered like any attachment (the assistant says what it cannot open).
 */
export async function receiveVisitorAttachment(env: ChatEnv, upload: VisitorAttachmentMessage): Promise<VisitorTurn> {
  const channel = await activeWebChannel(env, upload);
  return runVisitorTurn(env, channel, upload, upload.content, {
    externalMessageId: `web-upload:${upload.attachment.key ?? crypto.randomUUID()}`,
    senderExternalId: upload.customerId,
    senderName: null,
    attachment: upload.attachment,
    readByWidget: true,
  });
}
