import { DateTime } from "luxon";

export interface OpeningHours {
  /** 0 = Sunday. */
  dayOfWeek: number;
  /** Local wall-clock times, "HH:MM" or "HH:MM:SS". */
  opensAt: string;
  closesAt: string;
}

export interface MeetingRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  slotIntervalMinutes: number;
  maxAdvanceDays: number;
}

/** A span of time the resource is taken (an open booking with its buffers), in epoch milliseconds. */
export interface BusySpan {
  from: number;
  until: number;
}

export interface Calendar {
  timezone: string;
  hours: OpeningHours[];
  /** Closed local dates, "YYYY-MM-DD". */
  holidays: ReadonlySet<string>;
  busy: BusySpan[];
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

const minute = 60_000;

/** Busy spans sorted and merged, so one forward pass can test every slot. */
function mergeBusy(busy: BusySpan[]): BusySpan[] {
  const sorted = [...busy].sort((a, b) => a.from - b.from);
  const merged: BusySpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.from <= last.until) last.until = Math.max(last.until, span.until);
    else merged.push({ ...span });
  }
  return merged;
}

/** A local wall-clock time on `day`; a time skipped by a DST change moves forward, as clocks do. */
function atLocalTime(day: DateTime, time: string): DateTime {
  const [hour = 0, minuteOfHour = 0] = time.split(":").map(Number);
  if (hour === 24) return day.plus({ days: 1 }).startOf("day");
  return day.set({ hour, minute: minuteOfHour, second: 0, millisecond: 0 });
}

/**
 * The bookable slots in [from, to): within opening hours in the organization's time zone (so a
 * slot at 09:00 is 09:00 local on both sides of a DST change), never on a holiday, at least the
 * minimum notice after `now` and within the advance window, stepped by the slot interval from
 * opening time, and with the meeting plus its buffers clear of every busy span.
 */
export function availableSlots(calendar: Calendar, rules: MeetingRules, from: Date, to: Date, now: Date): Slot[] {
  const busy = mergeBusy(calendar.busy);
  const earliest = Math.max(from.getTime(), now.getTime() + rules.minimumNoticeMinutes * minute);
  const latest = Math.min(to.getTime(), now.getTime() + rules.maxAdvanceDays * 24 * 60 * minute);
  const slots: Slot[] = [];
  let busyIndex = 0;
  const lastDay = DateTime.fromMillis(to.getTime(), { zone: calendar.timezone }).startOf("day");
  for (
    let day = DateTime.fromMillis(from.getTime(), { zone: calendar.timezone }).startOf("day");
    day <= lastDay;
    day = day.plus({ days: 1 }).startOf("day")
  ) {
    if (calendar.holidays.has(day.toISODate() ?? "")) continue;
    const dayOfWeek = day.weekday % 7;
    const ranges = calendar.hours
      .filter((hours) => hours.dayOfWeek === dayOfWeek)
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    for (const range of ranges) {
      const closes = atLocalTime(day, range.closesAt).toMillis();
      // Absolute steps from opening: an hour lost or repeated by DST is not offered twice.
      for (
        let start = atLocalTime(day, range.opensAt).toMillis();
        start + rules.durationMinutes * minute <= closes;
        start += rules.slotIntervalMinutes * minute
      ) {
        const end = start + rules.durationMinutes * minute;
        if (start < earliest || end > to.getTime()) continue;
        if (start > latest) return slots;
        const blockedFrom = start - rules.bufferBeforeMinutes * minute;
        const blockedUntil = end + rules.bufferAfterMinutes * minute;
        while (busyIndex < busy.length && (busy[busyIndex]?.until ?? 0) <= blockedFrom) busyIndex++;
        const next = busy[busyIndex];
        if (next && next.from < blockedUntil) continue;
        slots.push({ startsAt: new Date(start), endsAt: new Date(end) });
      }
    }
  }
  return slots;
}
