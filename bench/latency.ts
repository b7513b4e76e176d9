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
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}
