import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/**
 * Makes `directory` hold exactly `files` (paths relative to it), touching only what differs. A
 * running `wrangler dev` watches these assets and reloads the gateway on any change, so a second
 * stack (or a test run) building the same bytes must not rewrite them under the first one.
 */
export async function syncFiles(directory: string, files: Map<string, Uint8Array | string>): Promise<void> {
  for (const existing of await listFiles(directory)) {
    if (!files.has(existing)) await rm(join(directory, existing), { force: true });
  }
  for (const [name, contents] of files) await writeIfChanged(join(directory, name), contents);
}

/** Writes `contents` unless the file already holds exactly them. */
export async function writeIfChanged(path: string, contents: Uint8Array | string): Promise<void> {
  const bytes = typeof contents === "string" ? Buffer.from(contents) : Buffer.from(contents);
  const current = await readFile(path).catch(() => null);
  if (current?.equals(bytes)) return;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)));
}
