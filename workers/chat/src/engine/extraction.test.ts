import { describe, expect, it } from "vitest";
import { containsWords, extractData, fieldSpecs, rejectedAnswers } from "./extraction.ts";

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

describe("typed fields", () => {
  const specs = fieldSpecs(["name", "email", "phone", "birthday", "visit_time", "guests"], null, {
    birthday: { type: "date" },
    guests: { type: "number" },
  });

  it("normalise what they recognise: emails lower-cased, phones to digits, dates to ISO, times as said (spaces tidied)", () => {
    expect(
      extractData(
        "Jo@Example.COM, +44 (0)7700 900-123, born 3rd of March 1985, Friday at 7pm for 4",
        specs,
        ["guests"],
        {},
      ),
    ).toEqual({
      email: "jo@example.com",
      phone: "+447700900123",
      birthday: "1985-03-03",
      visit_time: "Friday at 7pm",
      guests: "4",
    });
    expect(extractData("14/03/1985", specs, ["birthday"], {})).toMatchObject({ birthday: "1985-03-14" });
    expect(extractData("1985-3-14", specs, ["birthday"], {})).toMatchObject({ birthday: "1985-03-14" });
    expect(extractData("14. März 1985", specs, ["birthday"], {})).toMatchObject({ birthday: "1985-03-14" });
  });

  it("refuse what is not one: an impossible date, a number too short to call, a number nobody asked for", () => {
    expect(extractData("I have 2 bikes", specs, [], {})).not.toHaveProperty("guests");
    expect(extractData("31/02/1985", specs, ["birthday"], {})).not.toHaveProperty("birthday");
    expect(extractData("call 12345", specs, ["phone"], {})).not.toHaveProperty("phone");
    expect(rejectedAnswers("31/02/1985", specs, ["birthday"], {})).toEqual([
      expect.objectContaining({ name: "birthday" }),
    ]);
    // A question is not an answer, and an answer to something else is not a wrong one.
    expect(rejectedAnswers("why do you need it?", specs, ["birthday"], {})).toEqual([]);
    expect(rejectedAnswers("jo@example.com", specs, ["birthday"], { email: "jo@example.com" })).toEqual([]);
  });

  it("take a bare name given with other details (the other values found in any case)", () => {
    expect(extractData("Jo Bloggs, jo@example.com, Saturday at 10am", specs, ["name", "email"], {})).toEqual({
      name: "Jo Bloggs",
      email: "jo@example.com",
      visit_time: "Saturday at 10am",
    });
  });

  it("type an undeclared field by its name, and a listed option makes a text field a choice", () => {
    expect(fieldSpecs(["email", "pickup_time", "size"], "size (small, medium, large)")).toEqual([
      { name: "email", label: "email", type: "email" },
      { name: "pickup_time", label: "pickup time", type: "datetime" },
      { name: "size", label: "size", type: "choice", options: ["small", "medium", "large"] },
    ]);
  });
});
