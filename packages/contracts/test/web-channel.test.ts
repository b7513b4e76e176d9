import { describe, expect, it } from "vitest";
import { isOpenAt, readWebChannelConfig, webChannelConfig } from "../src/web-channel.ts";

const londonWeekdays = {
  timeZone: "Europe/London",
  days: { mon: [{ open: "09:00", close: "17:30" }], sat: [{ open: "10:00", close: "16:00" }] },
};

describe("a web channel's business hours", () => {
  it("reads the clock of the hours' own time zone, summer time included", () => {
    // Monday 2026-07-06: London is UTC+1, so 08:30 UTC is 09:30 there.
    expect(isOpenAt(londonWeekdays, new Date("2026-07-06T08:30:00Z"))).toBe(true);
    expect(isOpenAt(londonWeekdays, new Date("2026-07-06T07:59:00Z"))).toBe(false);
    // Monday 2026-01-05: London is UTC, so 08:30 UTC is still closed.
    expect(isOpenAt(londonWeekdays, new Date("2026-01-05T08:30:00Z"))).toBe(false);
    expect(isOpenAt(londonWeekdays, new Date("2026-01-05T17:29:00Z"))).toBe(true);
    expect(isOpenAt(londonWeekdays, new Date("2026-01-05T17:30:00Z"))).toBe(false);
  });

  it("a day without ranges is closed; no hours at all is always open", () => {
    expect(isOpenAt(londonWeekdays, new Date("2026-01-06T12:00:00Z"))).toBe(false);
    expect(isOpenAt(londonWeekdays, new Date("2026-01-10T12:00:00Z"))).toBe(true);
    expect(isOpenAt(null, new Date("2026-01-06T03:00:00Z"))).toBe(true);
  });
});

describe("a web channel's config", () => {
  it("defaults every field, with Chatwoot's 6 conversations per IP per 12 hours", () => {
    const config = webChannelConfig.parse({});
    expect(config.limits).toEqual({
      conversationsPerIp: 6,
      conversationWindowSeconds: 43_200,
      messagesPerVisitorPerMinute: 20,
      maxMessageLength: 2000,
    });
    expect(config.preChatForm.enabled).toBe(false);
    expect(config.businessHours).toBeNull();
  });

  it("refuses what a widget cannot use: a bad colour, an unknown zone, a closing before the opening", () => {
    expect(webChannelConfig.safeParse({ brandColor: "red" }).success).toBe(false);
    expect(webChannelConfig.safeParse({ businessHours: { timeZone: "Mars/Base", days: {} } }).success).toBe(false);
    const backwards = { timeZone: "UTC", days: { mon: [{ open: "18:00", close: "09:00" }] } };
    expect(webChannelConfig.safeParse({ businessHours: backwards }).success).toBe(false);
    expect(webChannelConfig.safeParse({ unknown: true }).success).toBe(false);
  });

  it("a stored config that no longer parses keeps its good fields and defaults the rest", () => {
    const config = readWebChannelConfig({
      greeting: "Hello",
      brandColor: "not a colour",
      limits: { maxMessageLength: 100 },
    });
    expect(config.greeting).toBe("Hello");
    expect(config.brandColor).toBe("#1f6feb");
    expect(config.limits.maxMessageLength).toBe(100);
  });
});
