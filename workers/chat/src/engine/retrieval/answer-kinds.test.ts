import { describe, expect, it } from "vitest";
import { kindsAskedFor, statesAnyOf } from "./answer-kinds.ts";

describe("answer kinds", () => {
  it("reads what a question asks for from its phrasing, in English and German", () => {
    expect(kindsAskedFor("roughly what does a standard service set me back")).toEqual(["price"]);
    expect(kindsAskedFor("is 5.30 too late to hand my bike in")).toEqual(["time"]);
    expect(kindsAskedFor("how long will my bike be in the workshop")).toEqual(["duration"]);
    expect(kindsAskedFor("whereabouts are you")).toEqual(["place"]);
    expect(kindsAskedFor("what digits do i dial to ring you")).toEqual(["contact"]);
    expect(kindsAskedFor("was kostet ein Platten")).toEqual(["price"]);
    expect(kindsAskedFor("wie lange dauert eine Reparatur")).toEqual(["duration"]);
    expect(kindsAskedFor("unter welcher Nummer erreiche ich euch")).toEqual(["contact"]);
    expect(kindsAskedFor("do you sell bike insurance")).toEqual([]);
  });

  it("does not read a word's other sense as a question for a fact", () => {
    expect(kindsAskedFor("whats the charge for a brake bleed")).toEqual(["price"]);
    expect(kindsAskedFor("can i charge my phone in the shop")).toEqual([]);
    expect(kindsAskedFor("where's the shop")).toEqual(["place"]);
    expect(kindsAskedFor("where do i book a repair")).toEqual([]);
    expect(kindsAskedFor("are you near the harbourside")).toEqual(["place"]);
    expect(kindsAskedFor("can you recommend a restaurant near the harbour")).toEqual([]);
    expect(kindsAskedFor("whats the number for the shop")).toEqual(["contact"]);
    expect(kindsAskedFor("what's your vat number")).toEqual([]);
  });

  it("reads what an entry states from its content", () => {
    const contact = "Call 0117 496 0321 during opening hours, email hello@northwindcycles.example.";
    expect(statesAnyOf(contact, ["contact"])).toBe(true);
    expect(statesAnyOf(contact, ["price"])).toBe(false);
    expect(statesAnyOf("The Essential Service costs £65.", ["price"])).toBe(true);
    expect(statesAnyOf("Drop-offs are accepted until 16:30 on weekdays.", ["time", "price"])).toBe(true);
    expect(statesAnyOf("Most services are ready within 2 working days.", ["duration"])).toBe(true);
    expect(statesAnyOf("Die Reparatur dauert meist zwei Tage.", ["duration"])).toBe(true);
    expect(statesAnyOf("We close on all UK bank holidays.", ["time", "duration", "price"])).toBe(false);
    expect(statesAnyOf("Anything at all", [])).toBe(false);
  });
});
