/**
 * Orders open slots by how well they fit what a customer said ("Tuesday at 10am", "tomorrow
 * afternoon", "friday", "14:30"), read on the business's wall clock. Slots on another day than a
 * named one come after every slot on it; within a day, the nearest to the time of day comes first.
 */
export interface Slot {
  startsAt: string;
  endsAt: string;
}

const weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const partsOfDay: Record<string, number> = { morning: 9 * 60, afternoon: 14 * 60, evening: 17 * 60 };

interface LocalTime {
  weekday: number;
  date: string;
  minutes: number;
}

function localTime(instant: Date, timezone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      weekday: "long",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    weekday: weekdays.indexOf(String(parts.weekday).toLowerCase()),
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

interface Preference {
  weekday?: number;
  date?: string;
  minutes?: number;
}

export function parsePreference(text: string, now: Date, timezone: string): Preference {
  const lower = text.toLowerCase();
  const preference: Preference = {};
  const today = localTime(now, timezone);
  if (/\btoday\b/.test(lower)) preference.date = today.date;
  else if (/\btomorrow\b/.test(lower)) preference.date = localTime(new Date(now.getTime() + 86_400_000), timezone).date;
  else {
    const day = weekdays.findIndex((name) => new RegExp(`\\b${name.slice(0, 3)}(${name.slice(3)})?\\b`).test(lower));
    if (day >= 0) preference.weekday = day;
  }
  const clock = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/.exec(lower.replace(/\b\d{4}-\d{2}-\d{2}\b/, ""));
  if (clock && (clock[2] || clock[3])) {
    let hour = Number(clock[1]) % 24;
    if (clock[3] === "pm" && hour < 12) hour += 12;
    if (clock[3] === "am" && hour === 12) hour = 0;
    preference.minutes = hour * 60 + Number(clock[2] ?? 0);
  } else {
    const part = Object.keys(partsOfDay).find((name) => lower.includes(name));
    if (part) preference.minutes = partsOfDay[part];
  }
  return preference;
}

/** The slots, best fit first (ties: earliest). */
export function rankSlots(slots: Slot[], preferred: string, now: Date, timezone: string): Slot[] {
  const preference = parsePreference(preferred, now, timezone);
  const score = (slot: Slot) => {
    const local = localTime(new Date(slot.startsAt), timezone);
    const dayMiss =
      (preference.date !== undefined && local.date !== preference.date) ||
      (preference.weekday !== undefined && local.weekday !== preference.weekday);
    const timeMiss = preference.minutes === undefined ? 0 : Math.abs(local.minutes - preference.minutes);
    return (dayMiss ? 1_000_000 : 0) + timeMiss;
  };
  return slots
    .map((slot, index) => ({ slot, index, score: score(slot) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.slot);
}
