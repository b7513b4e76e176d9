import { describe, expect, it } from "vitest";
import { TurnQueue } from "./turn-queue.ts";

describe("TurnQueue", () => {
  it("runs work in arrival order, each piece after the previous one has finished", async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    let releaseFirst = () => {};
    const first = queue.run(async () => {
      log.push("first starts");
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      log.push("first ends");
      return 1;
    });
    const second = queue.run(async () => {
      log.push("second runs");
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(["first starts"]);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(["first starts", "first ends", "second runs"]);
  });

  it("a failure fails only its own caller; the next piece still runs", async () => {
    const queue = new TurnQueue();
    const failing = queue.run(async () => {
      throw new Error("the database is away");
    });
    const next = queue.run(async () => "answered");
    await expect(failing).rejects.toThrow("the database is away");
    expect(await next).toBe("answered");
  });
});
