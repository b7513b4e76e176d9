// The gateway in workerd (Miniflare): an authenticated, rate-limited no-op route (/v1/ping) against
// a bare route (/livez) of the same worker in the same run, and RateLimiter decisions per second
// for one hot key and for many keys.
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const stack = await startBenchStack({ withDomainWorkers: false });

try {
  const { key } = await stack.organization();
  const bare = () => stack.call("/livez").then((r) => r.arrayBuffer());
  const ping = () =>
    stack.call("/v1/ping", { token: key }).then(async (r) => {
      if (r.status !== 200) throw new Error(`ping answered ${r.status}`);
      await r.arrayBuffer();
    });

  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  for (const concurrency of [1, 8]) {
    for (const [label, run] of [
      ["bare Hono route (/livez)", bare],
      ["auth + rate limit (/v1/ping)", ping],
    ] as const) {
      console.log(row(label, concurrency, await measureLatency(run, seconds, concurrency)));
    }
  }

  const namespace = await stack.mf.getDurableObjectNamespace("RATE_LIMITER", "gateway");
  const limit = { name: "bench", limit: 1_000_000_000, windowSeconds: 3600 };
  type Limiter = { consume(cost: number, limit: object): Promise<unknown> };
  const hot = namespace.get(namespace.idFromName("bench:hot")) as unknown as Limiter;
  const hotReport = await measureLatency(() => hot.consume(1, limit), seconds, 8);
  const keys = 200;
  const stubs = Array.from(
    { length: keys },
    (_, index) => namespace.get(namespace.idFromName(`bench:many:${index}`)) as unknown as Limiter,
  );
  for (const stub of stubs) await stub.consume(1, limit);
  let spread = 0;
  const manyReport = await measureLatency(
    () => stubs[spread++ % keys]?.consume(1, limit) ?? Promise.resolve(),
    seconds,
    8,
  );
  console.log("\nRateLimiter decisions/s (8 callers, from Node over RPC)");
  console.log(
    `one hot key    ${hotReport.perSecond.toFixed(0).padStart(7)}   p50 ${hotReport.p50.toFixed(2)} ms  p99 ${hotReport.p99.toFixed(2)} ms`,
  );
  console.log(
    `${keys} keys       ${manyReport.perSecond.toFixed(0).padStart(7)}   p50 ${manyReport.p50.toFixed(2)} ms  p99 ${manyReport.p99.toFixed(2)} ms`,
  );
} finally {
  await stack.close();
}
