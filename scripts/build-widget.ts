// Builds the chat widget (workers/gateway/widget) into the gateway's static assets: /widget.js for
// the embed tag (revalidated every few minutes, so a fix reaches every site) and /widget/<hash>.js
// for pinning a version (immutable). Runs after install, before `pnpm dev` and before the tests.
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { syncFiles, writeIfChanged } from "./lib/write-files.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const assets = join(root, "workers/gateway/assets");

/** Builds the widget; answers its content hash and gzipped-to-be bytes. */
export async function buildWidget(): Promise<{ version: string; bytes: Uint8Array }> {
  const result = await build({
    entryPoints: [join(root, "workers/gateway/widget/main.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    write: false,
    legalComments: "none",
  });
  const bytes = result.outputFiles[0]?.contents;
  if (!bytes) throw new Error("esbuild wrote no widget");
  const version = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  await syncFiles(join(assets, "widget"), new Map([[`${version}.js`, bytes]]));
  await writeIfChanged(join(assets, "widget.js"), bytes);
  await writeIfChanged(
    join(assets, "_headers"),
    [
      "/widget.js",
      "  Cache-Control: public, max-age=300, stale-while-revalidate=86400",
      "  Access-Control-Allow-Origin: *",
      `  X-Widget-Version: ${version}`,
      "/widget/*",
      "  Cache-Control: public, max-age=31536000, immutable",
      "  Access-Control-Allow-Origin: *",
      // The agent workspace (scripts/build-app.ts): its pages load only this deployment's own
      // script and styles, talk only to this origin, and are never framed.
      "/app/*",
      "  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "  X-Frame-Options: DENY",
      "  Referrer-Policy: same-origin",
      "  X-Content-Type-Options: nosniff",
      "/app/assets/*",
      "  Cache-Control: public, max-age=31536000, immutable",
      "",
    ].join("\n"),
  );
  return { version, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { version, bytes } = await buildWidget();
  console.log(`frontdesk: built the chat widget ${version} (${bytes.byteLength} bytes)`);
}
