import { describe, expect, it } from "vitest";
import { type ObservedTurn, unmetExpectations } from "./evaluate.ts";

const observed: ObservedTurn = {
  reply: "We're open Saturday 10:00 to 16:00.",
  stage: "support",
  sources: [{ id: "k-1", title: "What are your opening hours?" }],
  tools: ["check_availability"],
  handover: false,
};

describe("a simulated turn against its expectations", () => {
  it("passes when every part is met (sources by title in any case, or by id)", () => {
    expect(
      unmetExpectations(observed, {
        source: "what are your opening hours?",
        stage: "support",
        tool: "check_availability",
        handover: false,
        contains: ["SATURDAY", "16:00"],
        notContains: ["sunday"],
      }),
    ).toEqual([]);
    expect(unmetExpectations(observed, { source: "k-1" })).toEqual([]);
    expect(unmetExpectations(observed, undefined)).toEqual([]);
  });

  it("names each miss", () => {
    expect(
      unmetExpectations(observed, {
        source: "Parking",
        stage: "booking",
        tool: "create_booking",
        handover: true,
        contains: ["Sunday"],
        notContains: ["saturday"],
      }),
    ).toEqual([
      "expected a handover to a person; none happened",
      'expected stage "booking", got "support"',
      'expected to cite "Parking", cited "What are your opening hours?"',
      "expected a call to create_booking; called check_availability",
      'the reply does not contain "Sunday"',
      'the reply contains "saturday"',
    ]);
  });

  it("a turn a person has answers nothing", () => {
    const forwarded = { ...observed, reply: null, sources: [], tools: [], stage: null };
    expect(unmetExpectations(forwarded, { contains: ["open"] })).toEqual([
      "no reply: a person has the conversation",
      'the reply does not contain "open"',
    ]);
  });
});
