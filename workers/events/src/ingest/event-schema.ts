import { analyticsEventKinds } from "@frontdesk/db/schema";
import * as z from "@frontdesk/http/zod";

/** Segment's limits (HTTP Tracking API): per event, per batch request, and the messageId length. */
export const limits = {
  eventBytes: 32 * 1024,
  batchBytes: 500 * 1024,
  batchEvents: 2500,
  /** Frontdesk's own /v1/events takes bigger requests than Segment's 500 KB. */
  nativeBatchBytes: 1024 * 1024,
  messageIdLength: 100,
} as const;

export const callTypes = analyticsEventKinds.filter((kind) => kind !== "system");
export type CallType = (typeof callTypes)[number];

const json = z.record(z.string(), z.unknown());
const datetime = z.iso.datetime({ offset: true });

/**
 * One event as Segment's libraries send it (track, identify, page, screen, group, alias). Unknown
 * keys (integrations, version, _metadata...) are accepted and ignored, as Segment does.
 */
export const segmentEvent = z
  .object({
    type: z.enum(callTypes),
    event: z.string().trim().min(1).max(200).optional(),
    name: z.string().max(200).optional(),
    userId: z.union([z.string().max(200), z.number()]).optional(),
    anonymousId: z.union([z.string().max(200), z.number()]).optional(),
    previousId: z.string().max(200).optional(),
    groupId: z.string().max(200).optional(),
    messageId: z.string().min(1).max(limits.messageIdLength).optional(),
    properties: json.optional(),
    traits: json.optional(),
    context: json.optional(),
    timestamp: datetime.optional(),
    sentAt: datetime.optional(),
    originalTimestamp: datetime.optional(),
  })
  .refine((e) => e.type !== "track" || e.event !== undefined, { path: ["event"], message: "track needs an event name" })
  .refine((e) => e.userId !== undefined || e.anonymousId !== undefined, {
    path: ["userId"],
    message: "userId or anonymousId is required",
  })
  .openapi("SegmentEvent");

export type SegmentEvent = z.infer<typeof segmentEvent>;

/** A Frontdesk event: a Segment-shaped event that may also name our own customer, conversation and channel. */
export const nativeEvent = z
  .object({
    type: z.enum(callTypes).default("track"),
    event: z.string().trim().min(1).max(200),
    messageId: z.string().min(1).max(limits.messageIdLength).optional(),
    userId: z.string().max(200).optional(),
    anonymousId: z.string().max(200).optional(),
    customerId: z.uuid().optional(),
    conversationId: z.uuid().optional(),
    channelId: z.uuid().optional(),
    properties: json.optional(),
    traits: json.optional(),
    context: json.optional(),
    timestamp: datetime.optional(),
    sentAt: datetime.optional(),
  })
  .strict()
  .openapi("Event");

export type NativeEvent = z.infer<typeof nativeEvent>;

export const segmentBatch = z
  .object({
    batch: z.array(z.unknown()).max(limits.batchEvents),
    sentAt: datetime.optional(),
    context: json.optional(),
    writeKey: z.string().optional(),
    integrations: json.optional(),
  })
  .openapi("SegmentBatch");

export const nativeBatch = z
  .object({ events: z.array(z.unknown()).min(1).max(limits.batchEvents), sentAt: datetime.optional() })
  .strict()
  .openapi("EventBatch");

export const rejectedEvent = z.object({
  index: z.number().int(),
  messageId: z.string().nullable(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ingestResult = z
  .object({
    accepted: z.number().int().openapi({ description: "New events stored by this request." }),
    duplicates: z.number().int().openapi({ description: "Valid events already stored (same messageId)." }),
    queued: z.number().int().openapi({ description: "Valid events handed to the queue, stored within seconds." }),
    rejected: z.array(rejectedEvent),
  })
  .openapi("IngestResult");

export type IngestResult = z.infer<typeof ingestResult>;
export type RejectedEvent = z.infer<typeof rejectedEvent>;
