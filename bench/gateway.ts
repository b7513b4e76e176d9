// The gateway in workerd (Miniflare): an authenticated, rate-limited no-op route (/v1/ping) against
// a bare route (/livez) of the same worker in the same run, and RateLimiter decisions per second
// for one hot key and for many keys.
import { execFileSync } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { startNeonLocal } from "@frontdesk/neon-local";
import { Miniflare } from "miniflare";
import { measureLatency } from "./latency.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");

execFileSync(`${root}/node_modules/.bin/wrangler`, ["deploy", "--dry-run", "--outdir", `${root}/.tmp/bench/gateway`], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
});

const local = await startNeonLocal({ port: 0 });
const { createSql } = await import("@frontdesk/db");
const { migrate, migrationsDirectory, readMigrations } = await import("@frontdesk/db/migrate");
await migrate(
  createSql({ DATABASE_URL: local.databaseUrl, NEON_HTTP_ENDPOINT: local.endpoint }),
  await readMigrations(migrationsDirectory),
);

const mf = new Miniflare({
  modules: true,
  scriptPath: `${root}/.tmp/bench/gateway/index.js`,
  compatibilityDate: "2026-07-01",
  compatibilityFlags: ["nodejs_compat"],
  bindings: {
    DATABASE_URL: local.databaseUrl,
    NEON_HTTP_ENDPOINT: local.endpoint,
    FRONTDESK_ADMIN_TOKEN: "bench-admin",
    FRONTDESK_ENCRYPTION_KEY: "YmVuY2gtZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMhISE=",
    FRONTDESK_SESSION_SECRET: "bench-session-secret",
    RATE_LIMIT_IP_PER_MINUTE: "1000000000",
  },
  durableObjects: { RATE_LIMITER: { className: "RateLimiter", useSQLite: true } },
  serviceBindings: { CHAT: () => new Response("chat is not part of this benchmark", { status: 503 }) },
  // The per-request log lines would otherwise be piped into this process and dominate the timings.
  handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
    stdout.resume();
    stderr.resume();
  },
});

try {
  const base = "http://gateway.bench";
  // One client address, as a real caller has; the per-IP budget is raised for the run.
  const nextIp = () => "198.18.0.1";
  const created = await mf.dispatchFetch(`${base}/v1/organizations`, {
    method: "POST",
    headers: { authorization: "Bearer bench-admin", "content-type": "application/json", "cf-connecting-ip": nextIp() },
    body: JSON.stringify({ name: "Bench" }),
  });
  const { apiKey } = (await created.json()) as { apiKey: { key: string } };
  for (const key of ["api_key", "organization"]) {
    const written = await mf.dispatchFetch(`${base}/v1/settings/rate_limits/${key}`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${apiKey.key}`,
        "content-type": "application/json",
        "cf-connecting-ip": nextIp(),
      },
      // The highest budget the settings accept, far above what one run sends.
      body: JSON.stringify({ value: { limit: 1_000_000, windowSeconds: 3600 } }),
    });
    if (!written.ok) throw new Error(`setting rate_limits/${key} answered ${written.status}: ${await written.text()}`);
  }

  const bare = () =>
    mf.dispatchFetch(`${base}/livez`, { headers: { "cf-connecting-ip": nextIp() } }).then((r) => r.arrayBuffer());
  const ping = () =>
    mf
      .dispatchFetch(`${base}/v1/ping`, {
        headers: { authorization: `Bearer ${apiKey.key}`, "cf-connecting-ip": nextIp() },
      })
      .then(async (r) => {
        if (r.status !== 200) throw new Error(`ping answered ${r.status}`);
        await r.arrayBuffer();
      });

  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  for (const concurrency of [1, 8]) {
    for (const [label, run] of [
      ["bare Hono route (/livez)", bare],
      ["auth + rate limit (/v1/ping)", ping],
    ] as const) {
      const report = await measureLatency(run, seconds, concurrency);
      console.log(
        `${label.padEnd(34)} ${String(concurrency).padStart(4)} ${report.perSecond.toFixed(0).padStart(7)}   ${report.p50.toFixed(2).padStart(7)}  ${report.p99.toFixed(2).padStart(7)}`,
      );
    }
  }

  const namespace = await mf.getDurableObjectNamespace("RATE_LIMITER");
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
  await mf.dispose();
  await local.close();
}
