import * as z from "@frontdesk/http/zod";

/** An approved WhatsApp message template, as a channel stores it (`config.templates`). */
export const messageTemplate = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, "lower-case letters, digits and underscores, as Meta names them"),
    language: z.string().min(2).max(15).default("en"),
    /** The approved body with its numbered parameters: "Hi {{1}}, your bike is ready." */
    body: z.string().min(1).max(1024),
  })
  .strict();
export type MessageTemplate = z.infer<typeof messageTemplate>;

/** A template chosen to send, with its parameters in order. */
export const templateSend = z
  .object({ name: z.string().min(1).max(512), language: z.string().min(2).max(15), parameters: z.array(z.string()) })
  .strict();

/** The emails Frontdesk itself sends (seed 001's `email_sent`). */
export const emailPurposes = [
  "booking_confirmation",
  "booking_rescheduled",
  "booking_cancelled",
  "conversation_summary",
] as const;

/**
 * What the chat worker asks the channels worker to do on a conversation's provider channel, over
 * the `frontdesk-channel-outbound` queue (a queue, not a service binding: channels already calls
 * chat, and the send must survive a busy provider): send a person's message, or tell the provider
 * that the customer's messages were read.
 */
export const channelOutbound = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("send"),
      organizationId: z.uuid(),
      conversationId: z.uuid(),
      messageId: z.uuid(),
      content: z.string().min(1).max(8000),
      template: templateSend.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("email"),
      organizationId: z.uuid(),
      /** What the email is for: its analytics event (`email_sent`) says so. */
      purpose: z.enum(emailPurposes),
      /** The customer; absent: the business's own addresses (its email channel's `config.summaryTo`). */
      to: z.email().optional(),
      subject: z.string().min(1).max(300),
      text: z.string().min(1).max(20_000),
      attachment: z
        .object({
          filename: z.string().min(1).max(200),
          type: z.string().min(1).max(200),
          /** Base64. */
          content: z.string().max(200_000),
        })
        .strict()
        .optional(),
      conversationId: z.uuid().optional(),
      bookingId: z.uuid().optional(),
      customerId: z.uuid().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("read"),
      organizationId: z.uuid(),
      conversationId: z.uuid(),
      externalMessageIds: z.array(z.string().min(1).max(998)).min(1).max(100),
    })
    .strict(),
]);
export type ChannelOutbound = z.infer<typeof channelOutbound>;
