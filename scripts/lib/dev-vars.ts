import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Parses a .dev.vars / .env file into ordered key-value pairs, keeping comments and blank lines. */
function parseLines(text: string): { key?: string; line: string }[] {
  return text.split("\n").map((line) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    return match?.[1] ? { key: match[1], line } : { line };
  });
}

/**
 * Sets some variables in a .dev.vars file and keeps everything else a developer wrote there.
 * Creates the file from `template` (when given and present) the first time.
 */
export function updateDevVars(path: string, values: Record<string, string>, template?: string): void {
  const base = existsSync(path)
    ? readFileSync(path, "utf8")
    : template && existsSync(template)
      ? readFileSync(template, "utf8")
      : "";
  const lines = parseLines(base.replace(/\n+$/, ""));
  const pending = new Map(Object.entries(values));
  const merged = lines.map((entry) => {
    if (entry.key && pending.has(entry.key)) {
      const line = `${entry.key}=${JSON.stringify(pending.get(entry.key))}`;
      pending.delete(entry.key);
      return line;
    }
    return entry.line;
  });
  for (const [key, value] of pending) merged.push(`${key}=${JSON.stringify(value)}`);
  writeFileSync(path, `${merged.join("\n").replace(/^\n+/, "")}\n`);
}
