import { describe, expect, it } from "vitest";
import { containsWords, extractData, fieldSpecs } from "./extraction.ts";

describe("options a tenant lists in an extraction template", () => {
  it("are matched as text: regular-expression syntax in them neither throws nor matches as a pattern", () => {
    const specs = fieldSpecs(["plan"], "plan (a+b, (x, c.*, [y], e-bike)");
    expect(() => extractData("I want the c.* plan", specs, [], {})).not.toThrow();
    expect(extractData("I want the c.* plan", specs, [], {})).toMatchObject({ plan: "c.*" });
    expect(extractData("I want the cab plan", specs, [], {})).not.toHaveProperty("plan");
    expect(extractData("a+b please", specs, [], {})).toMatchObject({ plan: "a+b" });
    // A catastrophic-backtracking pattern is only text.
    const evil = fieldSpecs(["plan"], "plan ((a+)+$, basic)");
    expect(extractData(`${"a".repeat(5000)}!`, evil, [], {})).not.toHaveProperty("plan");
  });

  it("match whole words with hyphens and spaces alike", () => {
    expect(containsWords("an e bike for commuting", "e-bike")).toBe(true);
    expect(containsWords("an ebike", "e-bike")).toBe(true);
    expect(containsWords("a roadster", "road")).toBe(false);
    expect(containsWords("road bike", "road")).toBe(true);
  });

  it("field names like constructor are ordinary fields", () => {
    const specs = fieldSpecs(["constructor", "toString", "__proto__"], null);
    expect(extractData("hello", specs, ["constructor"], {})).toEqual({ constructor: "hello" });
    const proto = extractData("hello there", specs, ["__proto__"], {});
    expect(Object.keys(proto)).toEqual(["__proto__"]);
    // Still a plain object: it crosses to the session's Durable Object by structured clone.
    expect(structuredClone(proto)).toEqual(proto);
  });
});
