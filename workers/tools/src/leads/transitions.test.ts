import { describe, expect, it } from "vitest";
import { assertLeadTransition } from "./transitions.ts";

describe("lead transitions", () => {
  it("follow new → contacted → qualified → converted, with lost on the way", () => {
    expect(() => assertLeadTransition("new", "contacted")).not.toThrow();
    expect(() => assertLeadTransition("contacted", "qualified")).not.toThrow();
    expect(() => assertLeadTransition("qualified", "converted")).not.toThrow();
    expect(() => assertLeadTransition("qualified", "lost")).not.toThrow();
    expect(() => assertLeadTransition("lost", "contacted")).not.toThrow();
  });

  it("refuse skipping a step or leaving converted", () => {
    expect(() => assertLeadTransition("new", "converted")).toThrow("A new lead cannot become converted.");
    expect(() => assertLeadTransition("converted", "lost")).toThrow("A converted lead cannot become lost.");
  });
});
