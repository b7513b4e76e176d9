// Copies the API reference's browser bundle (Scalar) into the gateway's static assets, so /docs
// loads it from Frontdesk itself, never from a CDN. Runs after every install (package.json postinstall).
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
export const docsAssets = join(root, "workers/gateway/assets/docs");

await mkdir(docsAssets, { recursive: true });
await copyFile(source, join(docsAssets, "scalar.js"));
