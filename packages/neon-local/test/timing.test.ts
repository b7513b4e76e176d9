import { neon, neonConfig } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import { type RequestTiming, startNeonLocal } from "../src/index.ts";

describe("request timing (for benchmarks)", () => {
  it("tells each statement's moments in order, and nothing of a request refused before SQL ran", async () => {
    const timings: RequestTiming[] = [];
    const local = await startNeonLocal({ port: 0, password: "timed", onTiming: (timing) => timings.push(timing) });
    try {
      neonConfig.fetchEndpoint = local.endpoint;
      const sent = performance.now();
      await neon(local.databaseUrl).query("select pg_sleep(0.02)");
      const answered = performance.now();
      expect(timings).toHaveLength(1);
      const [timing] = timings;
      if (!timing) throw new Error("no timing");
      expect(sent).toBeLessThanOrEqual(timing.receivedAt);
      expect(timing.receivedAt).toBeLessThanOrEqual(timing.startedAt);
      // The statement's own time lies between its start and end: the sleep is in it, not around it.
      expect(timing.endedAt - timing.startedAt).toBeGreaterThanOrEqual(19);
      expect(timing.endedAt).toBeLessThanOrEqual(timing.answeredAt);
      expect(timing.answeredAt).toBeLessThanOrEqual(answered);

      await expect(neon(local.databaseUrl.replace("timed", "wrong")).query("select 1")).rejects.toThrow(
        /password authentication failed/,
      );
      expect(timings).toHaveLength(1);
    } finally {
      await local.close();
    }
  });
});
