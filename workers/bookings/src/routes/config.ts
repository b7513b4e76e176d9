import { schema } from "@frontdesk/db";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { BookingsEnv } from "../env.ts";

const iso = (date: Date) => date.toISOString();
const duplicate = (what: string) => (code: string | undefined) =>
  code === "23505" ? new ProblemError("conflict", `${what} already exists.`) : undefined;

const meetingTypeFields = {
  name: z.string().trim().min(1).max(200),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes")
    .max(100),
  description: z.string().max(2_000).nullable(),
  durationMinutes: z.number().int().min(5).max(1440),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  minimumNoticeMinutes: z.number().int().min(0).max(525_600),
  slotIntervalMinutes: z.number().int().min(5).max(1440),
  maxAdvanceDays: z.number().int().min(1).max(730),
  resource: z.string().trim().min(1).max(100),
  isActive: z.boolean(),
};

const meetingTypeView = z
  .object({ id: z.uuid(), ...meetingTypeFields, createdAt: z.string(), updatedAt: z.string() })
  .openapi("MeetingType");

/** `/v1/meeting-types`: what customers can book, with duration, buffers, notice and the resource it takes. */
export const meetingTypes = configRoutes(configApp<BookingsEnv>(), {
  table: schema.meetingTypes,
  label: "meeting type",
  resource: "meeting_type",
  key: "meetingType",
  view: meetingTypeView,
  toView: (row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    durationMinutes: row.durationMinutes,
    bufferBeforeMinutes: row.bufferBeforeMinutes,
    bufferAfterMinutes: row.bufferAfterMinutes,
    minimumNoticeMinutes: row.minimumNoticeMinutes,
    slotIntervalMinutes: row.slotIntervalMinutes,
    maxAdvanceDays: row.maxAdvanceDays,
    resource: row.resource,
    isActive: row.isActive,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  }),
  createBody: z
    .object(meetingTypeFields)
    .partial()
    .required({ name: true, slug: true, durationMinutes: true })
    .strict(),
  updateBody: z.object(meetingTypeFields).partial().strict(),
  refusal: duplicate("A meeting type with this slug"),
});

const holidayFields = {
  date: z.iso.date().openapi({ description: "A local date in the organization's time zone." }),
  name: z.string().trim().min(1).max(200),
};

/** `/v1/holidays`: closed days; availability offers nothing on them. */
export const holidays = configRoutes(configApp<BookingsEnv>(), {
  table: schema.holidays,
  label: "holiday",
  resource: "holiday",
  key: "holiday",
  view: z.object({ id: z.uuid(), ...holidayFields, createdAt: z.string() }).openapi("Holiday"),
  toView: (row) => ({ id: row.id, date: row.date, name: row.name, createdAt: iso(row.createdAt) }),
  createBody: z.object(holidayFields).strict(),
  updateBody: z.object(holidayFields).partial().strict(),
  refusal: duplicate("A holiday on this date"),
});

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$|^24:00(:00)?$/, "HH:MM, 00:00 to 24:00");
const hoursFields = {
  dayOfWeek: z.number().int().min(0).max(6).openapi({ description: "0 = Sunday." }),
  opensAt: time,
  closesAt: time,
};

/** `/v1/business-hours`: weekly opening hours in the organization's time zone; overlapping ranges are refused. */
export const businessHours = configRoutes(configApp<BookingsEnv>(), {
  table: schema.businessHours,
  label: "opening-hours range",
  resource: "business_hours",
  key: "businessHours",
  view: z.object({ id: z.uuid(), ...hoursFields, createdAt: z.string() }).openapi("BusinessHours"),
  toView: (row) => ({
    id: row.id,
    dayOfWeek: row.dayOfWeek,
    opensAt: row.opensAt.slice(0, 5),
    closesAt: row.closesAt.slice(0, 5),
    createdAt: iso(row.createdAt),
  }),
  createBody: z.object(hoursFields).strict(),
  updateBody: z.object(hoursFields).partial().strict(),
  refusal: (code) =>
    code === "23P01"
      ? new ProblemError("conflict", "This range overlaps another range on the same day.")
      : code === "23514"
        ? new ProblemError("validation-failed", "closesAt must be after opensAt.")
        : undefined,
});
