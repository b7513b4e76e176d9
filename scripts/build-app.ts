// Builds the agent workspace (workers/gateway/app, Preact + Chart.js) into the gateway's static
// assets under /app: content-hashed script and stylesheet (cached for good) and an index.html that
// names them (revalidated). Runs after install, before `pnpm dev` and before the tests.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { syncFiles } from "./lib/write-files.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "workers/gateway/assets/app");

const page = (script: string, stylesheet: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Frontdesk workspace</title>
    <link rel="stylesheet" href="/app/${stylesheet}" />
    <script type="module" src="/app/${script}"></script>
  </head>
  <body>
    <div id="app"><noscript>The Frontdesk workspace needs JavaScript.</noscript></div>
  </body>
</html>
`;

/** Builds the app; answers its files and the gzipped size of what a first visit downloads. */
export async function buildApp(): Promise<{ files: string[]; bytes: number; gzipBytes: number }> {
  const result = await build({
    entryPoints: [join(root, "workers/gateway/app/main.tsx")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    // Hashed files in a folder of their own, cached for good by one _headers rule (/app/assets/*).
    entryNames: "assets/[name]-[hash]",
    outdir: output,
    write: false,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const files = new Map<string, Uint8Array | string>();
  const names = { script: "", stylesheet: "" };
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of result.outputFiles) {
    const name = file.path.slice(output.length + 1);
    if (name.endsWith(".js")) names.script = name;
    if (name.endsWith(".css")) names.stylesheet = name;
    bytes += file.contents.byteLength;
    gzipBytes += gzipSync(file.contents, { level: 9 }).byteLength;
    files.set(name, file.contents);
  }
  if (!names.script || !names.stylesheet) throw new Error("esbuild wrote no app script or stylesheet");
  const html = page(names.script, names.stylesheet);
  files.set("index.html", html);
  await syncFiles(output, files);
  gzipBytes += gzipSync(html, { level: 9 }).byteLength;
  return { files: [names.script, names.stylesheet, "index.html"], bytes, gzipBytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes, gzipBytes } = await buildApp();
  console.log(`frontdesk: built the agent workspace (${bytes} bytes, ${gzipBytes} gzipped)`);
}
