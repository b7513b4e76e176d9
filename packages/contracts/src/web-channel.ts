import * as z from "@frontdesk/http/zod";

/** "09:00" .. "24:00". */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM, 00:00-24:00");
const openingRange = z
  .object({ open: clock, close: clock })
  .strict()
  .refine((range) => range.open < range.close, "open must be before close");

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

/** When people answer on this channel (Chatwoot keeps working hours per inbox too). */
export const businessHours = z
  .object({
    timeZone: z.string().refine(isTimeZone, "an IANA time zone such as Europe/London"),
    days: z.partialRecord(z.enum(weekdays), z.array(openingRange).max(4)),
  })
  .strict();

export type BusinessHours = z.infer<typeof businessHours>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const limit = (max: number) => z.number().int().min(1).max(max);

/**
 * A web channel's `config`: what the widget shows and the rules of its public door. Every field
 * has a default, so `{}` is a working channel.
 */
export const webChannelConfig = z
  .object({
    greeting: z.string().max(500).nullable().default(null),
    offlineMessage: z
      .string()
      .max(500)
      .default("We're away right now. Leave a message and the team will reply when we're back."),
    brandColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "#rrggbb")
      .default("#1f6feb"),
    position: z.enum(["right", "left"]).default("right"),
    /** The widget's language; "auto" follows the visitor's browser. */
    locale: z.enum(["auto", "en", "de"]).default("auto"),
    preChatForm: z
      .object({
        enabled: z.boolean().default(false),
        name: z.enum(["off", "optional", "required"]).default("optional"),
        email: z.enum(["off", "optional", "required"]).default("optional"),
        /** When set, the visitor must tick a box with this text before the first message. */
        consentText: z.string().max(500).nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** Absent: always open. */
    businessHours: businessHours.nullable().default(null),
    /** Outside business hours: "queue" waits for a person; "assistant" lets the assistant answer meanwhile. */
    afterHours: z.enum(["queue", "assistant"]).default("queue"),
    limits: z
      .object({
        /** New conversations one IP may start in the window (Chatwoot: 6 per 12 hours). */
        conversationsPerIp: limit(10_000).default(6),
        conversationWindowSeconds: limit(7 * 24 * 3600).default(12 * 3600),
        messagesPerVisitorPerMinute: limit(600).default(20),
        maxMessageLength: limit(4000).default(2000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type WebChannelConfig = z.output<typeof webChannelConfig>;

/**
 * The config of a stored channel, never failing: a stored config that no longer parses (written
 * before a field tightened) falls back to the defaults field by field rather than breaking the door.
 */
export function readWebChannelConfig(stored: unknown): WebChannelConfig {
  const parsed = webChannelConfig.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const fallback = webChannelConfig.parse({});
  const record = z.record(z.string(), z.unknown()).safeParse(stored).data ?? {};
  const fields = Object.fromEntries(
    Object.keys(fallback).map((key) => {
      const one = webChannelConfig.shape[key as keyof typeof fallback].safeParse(record[key]);
      return [key, one.success ? one.data : fallback[key as keyof typeof fallback]];
    }),
  );
  return webChannelConfig.parse(fields);
}

const weekdayIndex: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

/** Whether `at` falls inside the business hours, read on the clock of their time zone. */
export function isOpenAt(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: hours.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = weekdayIndex[part("weekday")];
  const time = `${part("hour")}:${part("minute")}`;
  return (day ? (hours.days[day] ?? []) : []).some((range) => range.open <= time && time < range.close);
}

/**
 * A visitor's upload (`POST /v1/public/{key}/conversation/attachments`): the most its multipart body
 * may weigh on the way in, above the channels worker's own per-file limit (ATTACHMENT_MAX_BYTES).
 */
export const visitorUploadMaxBodyBytes = 32 * 1024 * 1024;
export const isVisitorUploadPath = (path: string) => /^\/v1\/public\/[^/]+\/conversation\/attachments$/.test(path);
