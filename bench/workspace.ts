// The agent workspace: its gzipped size (own code against the libraries it carries, and the
// widget for scale), and how long a visitor's message takes to appear in an agent's open
// conversation in a real browser, against the same message's API round trip, in the same run.
// Runs the whole local stack (`pnpm dev`) and Chromium; BENCH_SAMPLES messages (default 40).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { buildApp } from "../scripts/build-app.ts";
import { launchBrowser } from "../test/e2e/browser.ts";
import { demoKey, root, startStack } from "../test/e2e/stack.ts";

const samples = Number.parseInt(process.env.BENCH_SAMPLES ?? "40", 10);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? 0;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// Size: the app as browsers download it, and its own code without the libraries.
const app = await buildApp();
const own = await build({
  entryPoints: [join(root, "workers/gateway/app/main.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  jsx: "automatic",
  jsxImportSource: "preact",
  external: ["preact", "preact/*", "chart.js"],
  write: false,
  outdir: "/tmp/frontdesk-bench-app",
});
const ownGzip = own.outputFiles.reduce((n, file) => n + gzipSync(file.contents, { level: 9 }).byteLength, 0);
const widget = gzipSync(await readFile(join(root, "workers/gateway/assets/widget.js")), { level: 9 }).byteLength;
console.log("\nagent workspace, gzipped (level 9)");
console.log(`whole app (script, styles, page)   ${kib(app.gzipBytes).padStart(10)}`);
console.log(
  `own code only                      ${kib(ownGzip).padStart(10)}  (${((ownGzip / app.gzipBytes) * 100).toFixed(0)}%)`,
);
console.log(`libraries (Preact, Chart.js)       ${kib(app.gzipBytes - ownGzip).padStart(10)}`);
console.log(
  `for scale, the chat widget         ${kib(widget).padStart(10)}  (app = ${(app.gzipBytes / widget).toFixed(1)}x)`,
);

// Latency: a visitor's message through the visitor API, and its appearance in the agent's view.
const stack = await startStack();
const browser = await launchBrowser();
try {
  const line = /demo staff sign-in for the workspace at \/app: (\S+) or \S+ with password (\S+)/.exec(stack.output);
  const key = /data-key="([^"]+)"/.exec(await (await fetch(`${stack.base}/demo`)).text())?.[1];
  if (!line || !key) throw new Error("no demo staff sign-in or widget key");
  // The demo channel allows a visitor a chat's pace; the benchmark writes faster.
  const owner = { authorization: `Bearer ${await demoKey(stack)}`, "content-type": "application/json" };
  const channels = (await (await fetch(`${stack.base}/v1/channels`, { headers: owner })).json()) as {
    data: { id: string; type: string; config: Record<string, unknown> }[];
  };
  const web = channels.data.find((channel) => channel.type === "web");
  if (!web) throw new Error("the demo has no web channel");
  const limits = { ...(web.config.limits as Record<string, unknown> | undefined), messagesPerVisitorPerMinute: 600 };
  await fetch(`${stack.base}/v1/channels/${web.id}`, {
    method: "PATCH",
    headers: owner,
    body: JSON.stringify({ config: { ...web.config, limits } }),
  });
  const visitorHeaders = { origin: stack.base, "content-type": "application/json" };
  const started = await fetch(`${stack.base}/v1/public/${key}/conversations`, {
    method: "POST",
    headers: visitorHeaders,
    body: JSON.stringify({}),
  });
  const visit = (await started.json()) as { token: string; conversation: { id: string } };

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${stack.base}/app/`);
  await page.getByLabel("Email").fill(line[1] ?? "");
  await page.getByLabel("Password").fill(line[2] ?? "");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Live", { exact: true }).waitFor();
  await page.goto(`${stack.base}/app/#/inbox/${visit.conversation.id}`);
  await page.getByRole("list", { name: "Messages and notes" }).waitFor();
  // The page notes when each marked message first shows (its own clock: the same machine's).
  await page.evaluate(`(() => {
    window.seen = {};
    new MutationObserver(() => {
      for (const match of document.body.innerText.matchAll(/bench-(\\d+)/g))
        window.seen[match[1]] ??= Date.now();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);

  const roundTrips: number[] = [];
  const appearances: number[] = [];
  for (let index = 0; index < samples; index++) {
    const sent = Date.now();
    const response = await fetch(`${stack.base}/v1/public/${key}/conversation/messages`, {
      method: "POST",
      headers: { ...visitorHeaders, authorization: `Bearer ${visit.token}` },
      body: JSON.stringify({ content: `What are your opening hours? bench-${index}` }),
    });
    await response.text();
    const answered = Date.now();
    if (response.status !== 200) throw new Error(`the visitor's message failed: ${response.status}`);
    const shown = Number(await (await page.waitForFunction(`window.seen["${index}"]`)).jsonValue());
    roundTrips.push(answered - sent);
    appearances.push(shown - sent);
  }
  const api = roundTrips.slice(5);
  const inbox = appearances.slice(5);
  console.log(`\na visitor's message (${api.length} after 5 warm-up)    p50 ms   p90 ms`);
  console.log(
    `visitor API round trip (with reply)    ${median(api).toFixed(0).padStart(6)}   ${p90(api).toFixed(0).padStart(6)}`,
  );
  console.log(
    `shown in the agent's open view         ${median(inbox).toFixed(0).padStart(6)}   ${p90(inbox).toFixed(0).padStart(6)}`,
  );
  console.log(`ratio shown / round trip (p50): ${(median(inbox) / median(api)).toFixed(2)}x`);
} finally {
  await browser.close();
  await stack.stop();
}
