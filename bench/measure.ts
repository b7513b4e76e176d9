/** The middle value (NaN for none). */
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export interface Measurement {
  operations: number;
  seconds: number;
  perSecond: number;
}

/**
 * Runs `operation` with `concurrency` callers in flight until `seconds` have passed (after a short
 * warm-up) and reports operations per second. Bounded in time by construction.
 */
export async function measure(
  operation: () => Promise<unknown>,
  seconds: number,
  concurrency = 1,
): Promise<Measurement> {
  const warmUpUntil = performance.now() + 300;
  while (performance.now() < warmUpUntil) await operation();
  let operations = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        operations++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { operations, seconds: elapsed, perSecond: operations / elapsed };
}
