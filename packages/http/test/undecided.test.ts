import { describe, expect, it } from "vitest";
import { undecided } from "../src/owned.ts";
import { ProblemError } from "../src/problem.ts";

describe("undecided", () => {
  it("passes a row still in the state a decision needs", () => {
    const row = { id: "s-1", status: "pending" };
    expect(undecided(row, "pending", "suggestion")).toBe(row);
  });

  it("answers 409 invalid-transition, naming what it was, for a row decided already", () => {
    const thrown = (() => {
      try {
        undecided({ status: "accepted" }, "pending", "suggestion");
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ProblemError);
    expect(thrown).toMatchObject({ kind: "invalid-transition", message: "This suggestion was already accepted." });
  });
});
