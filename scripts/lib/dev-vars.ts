import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";

/** A fresh value for a secret the example leaves empty: never a constant anyone can read in the repository. */
function randomSecret(name: string): string {
  // The encryption key is exactly 32 bytes (AES-256); the others are 32 bytes of entropy or more.
  return name === "FRONTDESK_ENCRYPTION_KEY"
    ? randomBytes(32).toString("base64")
    : randomBytes(36).toString("base64url");
}

/**
 * Adds to `path` every `NAME=` line of `example` it lacks (all of them on first start): an empty
 * example value becomes a random secret, others are copied. Existing lines are never rewritten.
 * Returns the names that were given random values.
 */
export function writeDevVars(path: string, example: string): string[] {
  const present = existsSync(path)
    ? new Set([...readFileSync(path, "utf8").matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]))
    : new Set<string>();
  const generated: string[] = [];
  const lines: string[] = [];
  for (const line of example.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match?.[1] || present.has(match[1])) continue;
    const [, name, value] = match;
    if (value === "") generated.push(name);
    lines.push(`${name}=${value === "" ? randomSecret(name) : value}`);
  }
  if (lines.length > 0) appendFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return generated;
}
