import { describe, expect, it } from "vitest";
import { parsePreference, rankSlots } from "./slot-preference.ts";

const now = new Date("2026-12-01T09:00:00Z"); // a Tuesday, London
const slot = (iso: string) => ({ startsAt: iso, endsAt: iso });

describe("a customer's wish for a time", () => {
  it("is read as a day and a time of day", () => {
    expect(parsePreference("Thursday at 10am", now, "Europe/London")).toEqual({ weekday: 4, minutes: 600 });
    expect(parsePreference("tomorrow afternoon", now, "Europe/London")).toMatchObject({ date: "2026-12-02" });
    expect(parsePreference("2:30pm", now, "Europe/London")).toEqual({ minutes: 870 });
    expect(parsePreference("whenever suits", now, "Europe/London")).toEqual({});
  });

  it("orders the open slots, best fit first, earliest among equals", () => {
    const slots = [
      slot("2026-12-02T09:00:00Z"),
      slot("2026-12-03T09:00:00Z"),
      slot("2026-12-03T10:00:00Z"),
      slot("2026-12-03T14:00:00Z"),
    ];
    expect(rankSlots(slots, "Thursday at 10am", now, "Europe/London").map((s) => s.startsAt)).toEqual([
      "2026-12-03T10:00:00Z",
      "2026-12-03T09:00:00Z",
      "2026-12-03T14:00:00Z",
      "2026-12-02T09:00:00Z",
    ]);
    expect(rankSlots(slots, "no idea", now, "Europe/London")).toEqual(slots);
  });
});
