import { type MessageTemplate, messageTemplate } from "@frontdesk/contracts/channel-outbound";
import { createDb } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";

/** Channels whose messages go out through a provider (the web widget and the API read them from us). */
export const providerChannelTypes = ["whatsapp", "sms", "telegram", "email"];

/** WhatsApp delivers free-form messages only this long after the customer's last message. */
export const whatsappWindowMs = 24 * 60 * 60 * 1000;

export interface ReplyRules {
  channelType: string | null;
  lastInboundAt: Date | null;
  templates: MessageTemplate[];
}

/** What a person's reply on this conversation's channel must obey: its type, the window, its templates. */
export async function replyRules(env: ChatEnv, organizationId: string, conversationId: string): Promise<ReplyRules> {
  const result = await createDb(env).execute<{
    type: string | null;
    templates: unknown;
    last_inbound_at: string | null;
  }>(sql`
    select ch.type, ch.config -> 'templates' as templates,
      (select max(m.sent_at) from messages m
        where m.organization_id = c.organization_id and m.conversation_id = c.id and m.role = 'customer') as last_inbound_at
    from conversations c
    left join channels ch on ch.organization_id = c.organization_id and ch.id = c.channel_id
    where c.organization_id = ${organizationId} and c.id = ${conversationId}`);
  const row = result.rows[0];
  if (!row) throw new ProblemError("not-found", "No such conversation in this organization.");
  return {
    channelType: row.type,
    lastInboundAt: row.last_inbound_at ? new Date(row.last_inbound_at) : null,
    templates: z
      .array(messageTemplate)
      .catch([])
      .parse(row.templates ?? []),
  };
}

/** A template's body with its numbered parameters filled in ("{{1}}" is the first). */
export function renderTemplate(template: MessageTemplate, parameters: string[]): string {
  const wanted = new Set([...template.body.matchAll(/\{\{(\d+)\}\}/g)].map((match) => match[1])).size;
  if (parameters.length !== wanted) {
    throw new ProblemError(
      "validation-failed",
      `The template "${template.name}" takes ${wanted} parameter(s); ${parameters.length} given.`,
    );
  }
  return template.body.replace(/\{\{(\d+)\}\}/g, (_, index: string) => parameters[Number(index) - 1] ?? "");
}

export interface AgentReplyBody {
  content?: string | undefined;
  template?: { name: string; parameters: string[] } | undefined;
}

/**
 * What a person's reply becomes on the channel. Outside WhatsApp's 24-hour window Meta refuses a
 * free-form message, so it is refused here first, naming the channel's approved templates; a
 * template is sent with its parameters (and stored as the text the customer reads).
 */
export function agentReplyFor(
  rules: ReplyRules,
  body: AgentReplyBody,
  now = Date.now(),
): {
  content: string;
  template?: { name: string; language: string; parameters: string[] };
  /** Whether the message must be sent through the channel's provider. */
  viaProvider: boolean;
} {
  const viaProvider = providerChannelTypes.includes(rules.channelType ?? "");
  if (body.template) {
    if (rules.channelType !== "whatsapp") {
      throw new ProblemError("validation-failed", "Message templates are sent on WhatsApp channels only.");
    }
    const template = rules.templates.find((candidate) => candidate.name === body.template?.name);
    if (!template) {
      throw new ProblemError("validation-failed", `The channel has no approved template "${body.template.name}".`, {
        templates: rules.templates.map(({ name, body: text }) => ({ name, body: text })),
      });
    }
    return {
      content: renderTemplate(template, body.template.parameters),
      template: { name: template.name, language: template.language, parameters: body.template.parameters },
      viaProvider,
    };
  }
  const content = body.content ?? "";
  const open = rules.lastInboundAt !== null && now - rules.lastInboundAt.getTime() < whatsappWindowMs;
  if (rules.channelType === "whatsapp" && !open) {
    throw new ProblemError(
      "outside-messaging-window",
      rules.lastInboundAt
        ? `The customer last wrote at ${rules.lastInboundAt.toISOString()}: WhatsApp accepts only an approved template more than 24 hours later. Send {"template":{"name","parameters"}}.`
        : "The customer has not written on WhatsApp yet: only an approved template can start the conversation.",
      {
        windowClosedAt: rules.lastInboundAt
          ? new Date(rules.lastInboundAt.getTime() + whatsappWindowMs).toISOString()
          : null,
        templates: rules.templates.map(({ name, language, body: text }) => ({ name, language, body: text })),
      },
    );
  }
  return { content, viaProvider };
}
