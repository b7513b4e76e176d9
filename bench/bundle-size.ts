// Each worker's deployable bundle (`wrangler deploy --dry-run --outdir`), gzipped as Cloudflare
// counts it, and what makes it up (esbuild's metafile, grouped by package). With BASE_REV set, the
// same for that revision (a git worktree), printed beside it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { baseCheckout } from "./base-checkout.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const workers: [name: string, config: string][] = [
  ["gateway", "wrangler.toml"],
  ["chat", "workers/chat/wrangler.toml"],
  ["tools", "workers/tools/wrangler.toml"],
  ["bookings", "workers/bookings/wrangler.toml"],
  ["events", "workers/events/wrangler.toml"],
  ["channels", "workers/channels/wrangler.toml"],
];

interface Measured {
  gzipKiB: number;
  rawKiB: number;
  top: [string, number][];
}

/** The package a bundled input belongs to (node_modules/<scope>/<name>), or our own workspace. */
function packageOf(path: string): string {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match?.[1]) return match[1];
  if (path.includes("engine/generated/language-ngrams")) return "eld n-grams (our 15 languages)";
  return path.startsWith("packages/") ? `@frontdesk/${path.split("/")[1]}` : "(this worker)";
}

export function measureBundles(checkout: string, outRoot: string): Map<string, Measured> {
  const results = new Map<string, Measured>();
  for (const [name, config] of workers) {
    if (!existsSync(join(checkout, config))) continue;
    const outdir = join(outRoot, name);
    execFileSync(
      join(checkout, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--config", config, "--outdir", outdir, "--metafile", join(outdir, "meta.json")],
      { cwd: checkout, stdio: ["ignore", "ignore", "inherit"] },
    );
    const files = readdirSync(outdir).filter((file) => /\.(js|mjs|wasm)$/.test(file));
    const bytes = Buffer.concat(files.map((file) => readFileSync(join(outdir, file))));
    const meta = JSON.parse(readFileSync(join(outdir, "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const byPackage = new Map<string, number>();
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const key = packageOf(input);
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    results.set(name, {
      gzipKiB: gzipSync(bytes, { level: 9 }).length / 1024,
      rawKiB: files.reduce((sum, file) => sum + statSync(join(outdir, file)).size, 0) / 1024,
      top,
    });
  }
  return results;
}

const kib = (n: number | undefined, digits = 0) => (n === undefined ? "-" : n.toFixed(digits)).padStart(6);

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = measureBundles(root, join(root, ".tmp/bundles/current"));
  const baseRev = process.env.BASE_REV;
  let base: Map<string, Measured> | undefined;
  if (baseRev) {
    base = measureBundles(baseCheckout(baseRev), join(root, ".tmp/bundles/base"));
  }
  console.log(`\nworker     gzip KiB ${base ? "(base) " : ""}  raw KiB   largest parts (KiB before gzip)`);
  for (const [name, measured] of current) {
    const top = measured.top.map(([part, bytes]) => `${part} ${(bytes / 1024).toFixed(0)}`).join(", ");
    const before = base ? ` ${kib(base.get(name)?.gzipKiB, 1)} ` : "";
    console.log(`${name.padEnd(10)} ${kib(measured.gzipKiB, 1)}${before}  ${kib(measured.rawKiB)}   ${top}`);
  }
  const gzipped = (file: string) =>
    (gzipSync(readFileSync(join(root, "workers/chat/assets", file)), { level: 9 }).length / 1024).toFixed(1);
  console.log(
    `\nNot in a script: the chat worker's static assets, each read once per isolate by its first user: the language model ${gzipped("language-ngrams.json")} KiB gzipped, the phone data ${gzipped("phone-data.json")} KiB.`,
  );
}
