import { describe, expect, it } from "vitest";
import { availableSlots, type Calendar, type MeetingRules } from "./slots.ts";

// Monday 7 December 2026 in London (UTC+0 in winter); the business opens 09:00-12:00 on Mondays.
const calendar = (overrides: Partial<Calendar> = {}): Calendar => ({
  timezone: "Europe/London",
  hours: [{ dayOfWeek: 1, opensAt: "09:00", closesAt: "12:00" }],
  holidays: new Set(),
  busy: [],
  ...overrides,
});
const rules = (overrides: Partial<MeetingRules> = {}): MeetingRules => ({
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  slotIntervalMinutes: 60,
  maxAdvanceDays: 60,
  ...overrides,
});
const from = new Date("2026-12-07T00:00:00Z");
const to = new Date("2026-12-08T00:00:00Z");
const now = new Date("2026-12-01T12:00:00Z");
const starts = (slots: { startsAt: Date }[]) => slots.map((slot) => slot.startsAt.toISOString().slice(11, 16));

describe("slot computation", () => {
  it("offers every interval inside opening hours that fits the meeting", () => {
    expect(starts(availableSlots(calendar(), rules(), from, to, now))).toEqual(["09:00", "10:00", "11:00"]);
    expect(
      starts(availableSlots(calendar(), rules({ durationMinutes: 90, slotIntervalMinutes: 30 }), from, to, now)),
    ).toEqual(["09:00", "09:30", "10:00", "10:30"]);
  });

  it("leaves out what a booking and its buffers take, holidays and days without hours", () => {
    const busy = [{ from: Date.parse("2026-12-07T10:00:00Z"), until: Date.parse("2026-12-07T11:00:00Z") }];
    expect(starts(availableSlots(calendar({ busy }), rules(), from, to, now))).toEqual(["09:00", "11:00"]);
    expect(starts(availableSlots(calendar({ busy }), rules({ bufferAfterMinutes: 15 }), from, to, now))).toEqual([
      "11:00",
    ]);
    expect(availableSlots(calendar({ holidays: new Set(["2026-12-07"]) }), rules(), from, to, now)).toEqual([]);
    const tuesday = availableSlots(calendar(), rules(), to, new Date("2026-12-09T00:00:00Z"), now);
    expect(tuesday).toEqual([]);
  });

  it("respects the minimum notice and how far ahead bookings may be made", () => {
    const lateNow = new Date("2026-12-07T08:30:00Z");
    expect(starts(availableSlots(calendar(), rules({ minimumNoticeMinutes: 60 }), from, to, lateNow))).toEqual([
      "10:00",
      "11:00",
    ]);
    expect(availableSlots(calendar(), rules({ maxAdvanceDays: 3 }), from, to, now)).toEqual([]);
  });

  it("keeps the wall clock across a daylight-saving change (London, 29 March 2026)", () => {
    const sunday = calendar({ hours: [{ dayOfWeek: 1, opensAt: "09:00", closesAt: "10:00" }] });
    const slots = availableSlots(
      sunday,
      rules(),
      new Date("2026-03-30T00:00:00Z"),
      new Date("2026-03-31T00:00:00Z"),
      new Date("2026-03-01T00:00:00Z"),
    );
    // 09:00 BST is 08:00 UTC.
    expect(slots.map((slot) => slot.startsAt.toISOString())).toEqual(["2026-03-30T08:00:00.000Z"]);
  });
});
