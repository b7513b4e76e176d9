import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  time,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, lower, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { conversations } from "./conversations.ts";
import { channels, customers } from "./customers.ts";
import { organizations, users } from "./tenancy.ts";

export const toolCallStatuses = [
  "pending",
  "awaiting_confirmation",
  "running",
  "completed",
  "failed",
  "rejected",
] as const;
export const leadStatuses = ["new", "contacted", "qualified", "converted", "lost"] as const;
export const bookingStatuses = ["requested", "confirmed", "completed", "cancelled", "no_show"] as const;

/** Audit of every tool invocation, with idempotency and human confirmation. Seed: 001 tool_calls. */
export const toolCalls = pgTable(
  "tool_calls",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id"),
    toolName: text("tool_name").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull().default({}),
    output: jsonb("output"),
    status: text("status", { enum: toolCallStatuses }).notNull().default("pending"),
    errorMessage: text("error_message"),
    idempotencyKey: text("idempotency_key"),
    requiresConfirmation: boolean("requires_confirmation").notNull().default(false),
    decidedByUserId: uuid("decided_by_user_id"),
    decidedAt: timestamptz("decided_at"),
    durationMs: integer("duration_ms"),
    /** While `running`: when the call counts as abandoned (its worker died) and may be reclaimed. */
    leaseExpiresAt: timestamptz("lease_expires_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "tool_calls_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "tool_calls_decided_by_fkey",
      columns: [t.organizationId, t.decidedByUserId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check("tool_calls_status_check", oneOf(t.status, toolCallStatuses)),
    check("tool_calls_failed_has_error_check", sql`${t.status} <> 'failed' or ${t.errorMessage} is not null`),
    uniqueIndex("tool_calls_idempotency_key_key")
      .on(t.organizationId, t.toolName, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index("tool_calls_conversation_id_idx").on(t.conversationId, t.createdAt),
    index("tool_calls_running_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    index("tool_calls_pending_idx")
      .on(t.organizationId, t.createdAt)
      .where(sql`${t.status} in ('pending', 'awaiting_confirmation')`),
  ],
);

/** Captured leads. Seed: 002 leads (and 001 visitors' role/context). */
export const leads = pgTable(
  "leads",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id"),
    conversationId: uuid("conversation_id"),
    channelId: uuid("channel_id"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    role: text("role"),
    context: text("context"),
    status: text("status", { enum: leadStatuses }).notNull().default("new"),
    sourceIntent: text("source_intent"),
    extraData: jsonb("extra_data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The staff user following the lead up. */
    ownerUserId: uuid("owner_user_id"),
    notes: text("notes"),
  },
  (t) => [
    foreignKey({
      name: "leads_owner_user_fkey",
      columns: [t.organizationId, t.ownerUserId],
      foreignColumns: [users.organizationId, users.id],
    }).onDelete("set null"),
    foreignKey({
      name: "leads_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "leads_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "leads_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    check("leads_status_check", oneOf(t.status, leadStatuses)),
    index("leads_organization_id_status_idx").on(t.organizationId, t.status, t.createdAt.desc()),
    index("leads_email_idx").on(t.organizationId, lower(t.email)).where(sql`${t.email} is not null`),
    index("leads_customer_id_idx").on(t.customerId),
    uniqueIndex("leads_open_per_customer_key")
      .on(t.organizationId, t.customerId)
      .where(sql`${t.customerId} is not null and ${t.status} in ('new', 'contacted', 'qualified')`),
  ],
);

/**
 * Exclusion constraints (GiST over time ranges) that drizzle cannot declare; the migrations create
 * them and the drift test checks they exist.
 */
export const exclusionConstraints = {
  bookings: ["bookings_no_overlap"],
  business_hours: ["business_hours_no_overlap"],
} as const;

/** Kinds of meeting a customer can book. */
export const meetingTypes = pgTable(
  "meeting_types",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description"),
    durationMinutes: integer("duration_minutes").notNull(),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    /** How far ahead of its start a slot can still be booked. */
    minimumNoticeMinutes: integer("minimum_notice_minutes").notNull().default(60),
    /** The step between offered start times. */
    slotIntervalMinutes: integer("slot_interval_minutes").notNull().default(15),
    maxAdvanceDays: integer("max_advance_days").notNull().default(90),
    /** What a booking of this type occupies (a room, a mechanic's bench); bookings never overlap on one. */
    resource: text("resource").notNull().default("default"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("meeting_types_organization_id_id_key").on(t.organizationId, t.id),
    unique("meeting_types_organization_id_slug_key").on(t.organizationId, t.slug),
    check("meeting_types_duration_minutes_check", sql`${t.durationMinutes} between 5 and 1440`),
    check("meeting_types_buffer_before_minutes_check", sql`${t.bufferBeforeMinutes} between 0 and 240`),
    check("meeting_types_buffer_after_minutes_check", sql`${t.bufferAfterMinutes} between 0 and 240`),
    check("meeting_types_minimum_notice_minutes_check", sql`${t.minimumNoticeMinutes} between 0 and 525600`),
    check("meeting_types_slot_interval_minutes_check", sql`${t.slotIntervalMinutes} between 5 and 1440`),
    check("meeting_types_max_advance_days_check", sql`${t.maxAdvanceDays} between 1 and 730`),
  ],
);

/** Weekly opening hours (0 = Sunday), in the organization's time zone; overlapping ranges are refused. */
export const businessHours = pgTable(
  "business_hours",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    dayOfWeek: smallint("day_of_week").notNull(),
    opensAt: time("opens_at").notNull(),
    closesAt: time("closes_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("business_hours_day_of_week_check", sql`${t.dayOfWeek} between 0 and 6`),
    check("business_hours_range_check", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

/** Meetings; requested and confirmed ones never overlap (with buffers) on one resource. Seed: 001 bookings. */
export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    conversationId: uuid("conversation_id"),
    meetingTypeId: uuid("meeting_type_id"),
    meetingType: text("meeting_type"),
    resource: text("resource").notNull().default("default"),
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    /** The meeting plus its type's buffers: what the no-overlap constraint compares. */
    blockedFrom: timestamptz("blocked_from").notNull(),
    blockedUntil: timestamptz("blocked_until").notNull(),
    customerName: text("customer_name"),
    customerEmail: text("customer_email"),
    timezone: text("timezone").notNull().default("UTC"),
    notes: text("notes"),
    status: text("status", { enum: bookingStatuses }).notNull().default("requested"),
    sequence: integer("sequence").notNull().default(0),
    confirmedAt: timestamptz("confirmed_at"),
    completedAt: timestamptz("completed_at"),
    cancelledAt: timestamptz("cancelled_at"),
    cancellationReason: text("cancellation_reason"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "bookings_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "bookings_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }),
    foreignKey({
      name: "bookings_meeting_type_fkey",
      columns: [t.organizationId, t.meetingTypeId],
      foreignColumns: [meetingTypes.organizationId, meetingTypes.id],
    }),
    check("bookings_status_check", oneOf(t.status, bookingStatuses)),
    check("bookings_range_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("bookings_blocked_span_check", sql`${t.blockedFrom} <= ${t.startsAt} and ${t.blockedUntil} >= ${t.endsAt}`),
    unique("bookings_organization_id_id_key").on(t.organizationId, t.id),
    index("bookings_organization_id_starts_at_idx").on(t.organizationId, t.startsAt),
    index("bookings_customer_id_idx").on(t.customerId),
    index("bookings_open_idx")
      .on(t.organizationId, t.status, t.startsAt)
      .where(sql`${t.status} in ('requested', 'confirmed')`),
  ],
);

export const bookingActions = ["created", "confirmed", "rescheduled", "cancelled", "completed", "no_show"] as const;

/** Every change of a booking: status, time, who and why (SEQUENCE of the iCalendar feed). */
export const bookingChanges = pgTable(
  "booking_changes",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    bookingId: uuid("booking_id").notNull(),
    action: text("action", { enum: bookingActions }).notNull(),
    oldStatus: text("old_status"),
    newStatus: text("new_status").notNull(),
    oldStartsAt: timestamptz("old_starts_at"),
    oldEndsAt: timestamptz("old_ends_at"),
    newStartsAt: timestamptz("new_starts_at").notNull(),
    newEndsAt: timestamptz("new_ends_at").notNull(),
    sequence: integer("sequence").notNull(),
    changedBy: text("changed_by"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "booking_changes_booking_fkey",
      columns: [t.organizationId, t.bookingId],
      foreignColumns: [bookings.organizationId, bookings.id],
    }).onDelete("cascade"),
    check("booking_changes_action_check", oneOf(t.action, bookingActions)),
    index("booking_changes_booking_id_idx").on(t.bookingId, t.createdAt),
  ],
);

/** Days the business is closed (in its time zone): no slots are offered on them. */
export const holidays = pgTable(
  "holidays",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    date: date("date").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("holidays_organization_id_date_key").on(t.organizationId, t.date)],
);

/** Secret iCalendar feed URLs; the token is a bearer secret, so only its SHA-256 is stored. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    revokedAt: timestamptz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("calendar_feeds_token_hash_key").on(t.tokenHash),
    index("calendar_feeds_organization_id_idx").on(t.organizationId),
  ],
);
