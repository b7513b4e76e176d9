export interface LatencyReport {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `request` with `concurrency` callers for `seconds`, recording each latency (ms). */
export async function measureLatency(
  request: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
): Promise<LatencyReport> {
  for (let warm = 0; warm < 50; warm++) await request();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await request();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return report(latencies, (performance.now() - started) / 1000);
}

/**
 * Runs `a` and `b` one after the other, alternating, for `seconds`: each sees the same machine at
 * the same moment (work queued behind `a` slows `b` just as much), so their ratio is the route's own.
 */
export async function measureAlternating(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  seconds: number,
): Promise<[LatencyReport, LatencyReport]> {
  for (let warm = 0; warm < 50; warm++) await Promise.all([a(), b()]);
  const latencies: [number[], number[]] = [[], []];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (const [index, request] of [a, b].entries()) {
      const t0 = performance.now();
      await request();
      latencies[index]?.push(performance.now() - t0);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  return [report(latencies[0], elapsed), report(latencies[1], elapsed)];
}

function report(latencies: number[], elapsed: number): LatencyReport {
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}
