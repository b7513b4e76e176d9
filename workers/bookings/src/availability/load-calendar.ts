import { type Database, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq, gt, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Calendar, MeetingRules } from "./slots.ts";

export type MeetingType = typeof schema.meetingTypes.$inferSelect;

const day = 24 * 60 * 60 * 1000;

/** `meetingType` may be the type's slug or id. */
function meetingTypeMatch(organizationId: string, meetingType: string) {
  const t = schema.meetingTypes;
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(meetingType);
  return and(eq(t.organizationId, organizationId), isUuid ? eq(t.id, meetingType) : eq(t.slug, meetingType));
}

/**
 * Everything availability needs for [from, to), read in one round trip: the organization's time
 * zone, the meeting type, opening hours, holidays and the open bookings on the type's resource.
 * `withBusy: false` leaves the bookings out (validating a requested slot: the database's exclusion
 * constraint, not an earlier read, decides conflicts).
 */
export async function loadCalendar(
  db: Database,
  organizationId: string,
  meetingTypeKey: string,
  from: Date,
  to: Date,
  options: { withBusy?: boolean; excludeBookingId?: string } = {},
): Promise<{ calendar: Calendar; meetingType: MeetingType; rules: MeetingRules }> {
  const b = schema.bookings;
  const typeResource = db
    .select({ resource: schema.meetingTypes.resource })
    .from(schema.meetingTypes)
    .where(meetingTypeMatch(organizationId, meetingTypeKey));
  const [organizations, meetingTypes, hours, holidays, busy] = await db.batch([
    db
      .select({ timezone: schema.organizations.timezone })
      .from(schema.organizations)
      .where(eq(schema.organizations.id, organizationId)),
    db.select().from(schema.meetingTypes).where(meetingTypeMatch(organizationId, meetingTypeKey)),
    db
      .select({
        dayOfWeek: schema.businessHours.dayOfWeek,
        opensAt: schema.businessHours.opensAt,
        closesAt: schema.businessHours.closesAt,
      })
      .from(schema.businessHours)
      .where(eq(schema.businessHours.organizationId, organizationId)),
    db
      .select({ date: schema.holidays.date })
      .from(schema.holidays)
      .where(
        and(
          eq(schema.holidays.organizationId, organizationId),
          gte(schema.holidays.date, new Date(from.getTime() - day).toISOString().slice(0, 10)),
          lte(schema.holidays.date, new Date(to.getTime() + day).toISOString().slice(0, 10)),
        ),
      ),
    db
      .select({ from: b.blockedFrom, until: b.blockedUntil, id: b.id })
      .from(b)
      .where(
        and(
          options.withBusy === false ? sql`false` : undefined,
          eq(b.organizationId, organizationId),
          sql`${b.resource} = (${typeResource})`,
          inArray(b.status, ["requested", "confirmed"]),
          lt(b.blockedFrom, new Date(to.getTime() + day)),
          gt(b.blockedUntil, new Date(from.getTime() - day)),
        ),
      ),
  ]);
  const meetingType = meetingTypes[0];
  if (!meetingType?.isActive) {
    throw new ProblemError("validation-failed", `No active meeting type "${meetingTypeKey}" in this organization.`, {
      errors: [{ path: "meetingType", message: "unknown meeting type" }],
    });
  }
  return {
    meetingType,
    rules: meetingType,
    calendar: {
      timezone: organizations[0]?.timezone ?? "UTC",
      hours,
      holidays: new Set(holidays.map((holiday) => holiday.date)),
      busy: busy
        .filter((span) => span.id !== options.excludeBookingId)
        .map((span) => ({ from: span.from.getTime(), until: span.until.getTime() })),
    },
  };
}
