import { describe, expect, it } from "vitest";
import { blankSessionState } from "./blank-state.ts";
import { closing, idleDeadline, nextAlarm } from "./idle-close.ts";

const conversation = blankSessionState({
  organizationId: "o-1",
  organizationName: "Northwind Cycles",
  idleCloseMinutes: 30,
  startedAt: "2026-12-01T10:00:00.000Z",
  lastMessageAt: "2026-12-01T10:05:00.000Z",
  extracted: { name: "Alex" },
});

describe("idle close", () => {
  it("an open conversation closes the organization's idle time after its last message; a closed one never", () => {
    expect(idleDeadline(conversation)).toBe(Date.parse("2026-12-01T10:35:00.000Z"));
    expect(idleDeadline({ ...conversation, lastMessageAt: null })).toBe(Date.parse("2026-12-01T10:30:00.000Z"));
    expect(idleDeadline({ ...conversation, status: "closed" })).toBeUndefined();
    expect(idleDeadline(undefined)).toBeUndefined();
  });

  it("the alarm is set for the earliest timer, or not at all", () => {
    expect(nextAlarm(2_000, 1_000)).toBe(1_000);
    expect(nextAlarm(undefined, 1_000)).toBe(1_000);
    expect(nextAlarm(undefined, undefined)).toBeUndefined();
  });

  it("closing writes the summary as the customer's memory, ends after the last message, and says who resolved it", () => {
    const early = Date.parse("2026-12-01T10:00:00.000Z");
    const { next, write, summary } = closing(conversation, "idle", early);
    expect(next.status).toBe("closed");
    expect(summary).toContain("Alex");
    expect(write.remember).toEqual({ last_conversation_summary: summary });
    expect(write.events).toEqual([{ eventType: "conversation_closed", properties: { reason: "idle" } }]);
    expect(write.endedAt?.toISOString()).toBe("2026-12-01T10:05:00.001Z");
    expect(write.aiResolved).toBe(true);
    expect(closing({ ...conversation, handedOver: true }, "closed by agent").write.aiResolved).toBe(false);
  });
});
