import type * as z from "@frontdesk/http/zod";
import type { EventRow } from "./event-row.ts";
import {
  limits,
  type NativeEvent,
  nativeEvent,
  type RejectedEvent,
  type SegmentEvent,
  segmentEvent,
} from "./event-schema.ts";
import { unstorable } from "./storable.ts";

export interface Validated {
  rows: EventRow[];
  rejected: RejectedEvent[];
}

interface BatchContext {
  organizationId: string;
  receivedAt: Date;
  /** The batch's own sentAt and context, which events without their own inherit. */
  sentAt?: string | undefined;
  context?: Record<string, unknown> | undefined;
}

const encoder = new TextEncoder();

/**
 * When the event happened, corrected for the sender's clock the way Segment does: the gap between
 * the sender's timestamp and its sentAt is taken back from our receipt time.
 */
function occurredAt(timestamp: string | undefined, sentAt: string | undefined, receivedAt: Date): string {
  if (!timestamp) return receivedAt.toISOString();
  if (!sentAt) return new Date(timestamp).toISOString();
  return new Date(receivedAt.getTime() - (Date.parse(sentAt) - Date.parse(timestamp))).toISOString();
}

const text = (value: string | number | undefined): string | null => (value === undefined ? null : String(value));

function fromSegment(event: SegmentEvent, batch: BatchContext): EventRow {
  const sentAt = event.sentAt ?? batch.sentAt;
  const named = event.type === "page" || event.type === "screen";
  return {
    organizationId: batch.organizationId,
    kind: event.type,
    eventType: event.type === "track" ? (event.event ?? "track") : event.type,
    messageId: event.messageId ?? crypto.randomUUID(),
    userId: text(event.userId),
    anonymousId: text(event.anonymousId),
    customerId: null,
    conversationId: null,
    channelId: null,
    properties: {
      ...(named && event.name ? { name: event.name } : {}),
      ...(event.groupId ? { groupId: event.groupId } : {}),
      ...(event.previousId ? { previousId: event.previousId } : {}),
      ...event.properties,
    },
    traits: event.traits ?? {},
    context: { ...batch.context, ...event.context },
    occurredAt: occurredAt(event.timestamp ?? event.originalTimestamp, sentAt, batch.receivedAt),
    sentAt: sentAt ? new Date(sentAt).toISOString() : null,
  };
}

function fromNative(event: NativeEvent, batch: BatchContext): EventRow {
  const sentAt = event.sentAt ?? batch.sentAt;
  return {
    organizationId: batch.organizationId,
    kind: event.type,
    eventType: event.event,
    messageId: event.messageId ?? crypto.randomUUID(),
    userId: event.userId ?? null,
    anonymousId: event.anonymousId ?? null,
    customerId: event.customerId ?? null,
    conversationId: event.conversationId ?? null,
    channelId: event.channelId ?? null,
    properties: event.properties ?? {},
    traits: event.traits ?? {},
    context: event.context ?? {},
    occurredAt: occurredAt(event.timestamp, sentAt, batch.receivedAt),
    sentAt: sentAt ? new Date(sentAt).toISOString() : null,
  };
}

function validate<S extends z.ZodType>(
  schema: S,
  toRow: (event: z.infer<S>, batch: BatchContext) => EventRow,
  events: unknown[],
  batch: BatchContext,
  defaults: Record<string, unknown> = {},
): Validated {
  const rows: EventRow[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((raw, index) => {
    const messageId =
      raw && typeof raw === "object" && "messageId" in raw && typeof raw.messageId === "string" ? raw.messageId : null;
    if (encoder.encode(JSON.stringify(raw)).byteLength > limits.eventBytes) {
      rejected.push({
        index,
        messageId,
        errors: [{ path: "", message: `an event may be at most ${limits.eventBytes} bytes` }],
      });
      return;
    }
    const parsed = schema.safeParse(raw && typeof raw === "object" ? { ...defaults, ...raw } : raw);
    if (!parsed.success) {
      rejected.push({
        index,
        messageId,
        errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      });
      return;
    }
    let row: EventRow;
    try {
      row = toRow(parsed.data, batch);
    } catch {
      // A clock correction that lands outside what a Date can hold.
      rejected.push({ index, messageId, errors: [{ path: "timestamp", message: "is not a usable time" }] });
      return;
    }
    const refused = unstorable(row, batch.receivedAt.getTime());
    if (refused) {
      rejected.push({ index, messageId, errors: [refused] });
      return;
    }
    rows.push(row);
  });
  return { rows, rejected };
}

/** Segment-shaped events; `type` may come from the endpoint (`/v1/track` implies track). */
export const validateSegment = (events: unknown[], batch: BatchContext, type?: SegmentEvent["type"]): Validated =>
  validate(segmentEvent, fromSegment, events, batch, type ? { type } : {});

export const validateNative = (events: unknown[], batch: BatchContext): Validated =>
  validate(nativeEvent, fromNative, events, batch);
