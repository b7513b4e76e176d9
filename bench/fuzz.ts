// `pnpm bench:fuzz`: the seeded OpenAPI fuzzer (workers/gateway/test/openapi-fuzz.ts) against the
// whole stack in workerd, 10,000 requests by default (FUZZ_COUNT, FUZZ_SEED). Prints the counts by
// status class and by malformation, every finding (a 5xx, or a 4xx that is not problem+json), and
// the rate against the bare route measured in the same run. Exits 1 on any finding.
import { fuzzOpenApi, type OpenApiDocument } from "../workers/gateway/test/openapi-fuzz.ts";
import { measureLatency } from "./latency.ts";
import { startBenchStack } from "./stack.ts";

const count = Number.parseInt(process.env.FUZZ_COUNT ?? "10000", 10);
const seed = Number.parseInt(process.env.FUZZ_SEED ?? "20261201", 10);
const stack = await startBenchStack({ withDomainWorkers: true });
let failed = false;
try {
  const { key } = await stack.organization();
  const document = (await (await stack.call("/v1/openapi.json")).json()) as OpenApiDocument;
  const baseline = await measureLatency(() => stack.call("/livez").then((r) => r.arrayBuffer()), 2, 8);
  const started = performance.now();
  const report = await fuzzOpenApi({
    document,
    token: key,
    seed,
    count,
    concurrency: 8,
    send: (request) =>
      stack.call(request.path, { method: request.method, headers: request.headers, body: request.body }),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nfuzz: seed ${seed}, ${report.requests} requests over ${report.operations} operations in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `  ${(report.requests / seconds).toFixed(0)} req/s (bare /livez in the same run: ${baseline.perSecond.toFixed(0)} req/s, ratio ${(report.requests / seconds / baseline.perSecond).toFixed(3)})`,
  );
  console.log("  by status class:", JSON.stringify(report.byStatus));
  console.log("  by malformation:", JSON.stringify(report.byStrategy));
  console.log(`  findings (5xx, or a 4xx that is not problem+json): ${report.findings.length}`);
  for (const finding of report.findings.slice(0, 20)) console.log(JSON.stringify(finding));
  failed = report.findings.length > 0;
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
