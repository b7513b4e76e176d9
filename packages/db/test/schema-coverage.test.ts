import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sql } from "./fixtures.ts";

const coveragePath = fileURLToPath(new URL("../../../docs/schema-coverage.md", import.meta.url));
// The seed documents live in shared/ beside the repository; docs/seeds holds a snapshot for clones without it.
const seedsPath = [
  fileURLToPath(new URL("../../../../shared/seeds", import.meta.url)),
  fileURLToPath(new URL("../../../docs/seeds", import.meta.url)),
].find((path) => existsSync(path));

interface CoverageRow {
  seed: string;
  source: string;
  field: string;
  table: string;
  column: string;
}

const rows: CoverageRow[] = readFileSync(coveragePath, "utf8")
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| seed |"))
  .map((line) => {
    const [seed = "", source = "", field = "", table = "", column = ""] = line.slice(2, -2).split(" | ");
    return { seed, source, field, table, column };
  });

const covered = (seed: string, source: string, field: string) =>
  rows.some((row) => row.seed === seed && row.source === source && row.field === field);

function seedFiles(): { name: string; text: string }[] {
  const directory = seedsPath;
  if (!directory) throw new Error("the seed documents are in neither ../shared/seeds nor docs/seeds");
  return readdirSync(directory)
    .filter((name) => /^\d{3}_.*\.txt$/.test(name))
    .map((name) => ({ name, text: readFileSync(`${directory}/${name}`, "utf8") }));
}

/** Columns of every `CREATE TABLE` in a seed: lower-case names followed by an upper-case type. */
function sqlColumns(text: string): [string, string][] {
  const found: [string, string][] = [];
  for (const match of text.matchAll(/CREATE TABLE (\w+) \(\n([\s\S]*?)\n\)/g)) {
    for (const line of (match[2] ?? "").split("\n")) {
      const column = /^\s+([a-z_]+)\s+[A-Z]/.exec(line)?.[1];
      if (column && match[1]) found.push([match[1], column]);
    }
  }
  return found;
}

/** Seed 002 lists its fields as "### `table`" followed by "- `field` (Type...)". */
function listedFields(text: string): [string, string][] {
  const found: [string, string][] = [];
  let table = "";
  for (const line of text.split("\n")) {
    const heading = /^### `(\w+)`/.exec(line)?.[1];
    if (heading) table = heading;
    const field = /^- `(\w+)` \(/.exec(line)?.[1];
    if (table && field) found.push([table, field]);
  }
  return found;
}

/** MongoDB collections of seed 003, with nested fields as dotted paths. */
function mongoFields(text: string): [string, string][] {
  const collectionNames: Record<string, string> = {
    Messages: "messages",
    Conversations: "conversations",
    Memory: "memory",
    "Vector Embeddings": "vectorEmbeddings",
    "Audit Logs": "auditLogs",
  };
  const found: [string, string][] = [];
  for (const match of text.matchAll(/### ([\w ]+) Collection\n\n```javascript\n([\s\S]*?)```/g)) {
    const collection = `${collectionNames[match[1] ?? ""] ?? match[1]} (MongoDB)`;
    const path: string[] = [];
    for (const line of (match[2] ?? "").split("\n")) {
      const field = /^\s+(\w+):/.exec(line)?.[1];
      if (/^\s+},?/.test(line)) path.pop();
      if (!field) continue;
      if (/:\s*\{\s*$/.test(line)) path.push(field);
      else found.push([collection, [...path, field].join(".")]);
    }
  }
  return found;
}

describe("docs/schema-coverage.md", () => {
  it("names only tables and columns that exist in the migrated database", async () => {
    const columns = (await sql.query(
      "select table_name || '.' || column_name as name from information_schema.columns where table_schema = 'public'",
    )) as { name: string }[];
    const existing = new Set(columns.map((column) => column.name));
    const databaseRows = rows.filter((row) => !row.table.endsWith("(Durable Object)"));
    expect(databaseRows.length).toBeGreaterThan(300);
    expect(databaseRows.filter((row) => !existing.has(`${row.table}.${row.column}`))).toEqual([]);
  });

  it("has a row for every column, field and key of every seed document", () => {
    const missing: string[] = [];
    for (const { name, text } of seedFiles()) {
      const fields = [...sqlColumns(text), ...listedFields(text), ...mongoFields(text)];
      for (const [source, field] of fields)
        if (!covered(name, source, field)) missing.push(`${name} ${source}.${field}`);
      for (const match of text.matchAll(/^Key: `([^`]+)`/gm)) {
        if (
          !rows.some((row) => row.seed === name && row.source === "Redis" && row.field.startsWith(`\`${match[1]}\``))
        ) {
          missing.push(`${name} Redis ${match[1]}`);
        }
      }
      expect(fields.length, `no fields recognised in ${name}`).toBeGreaterThan(5);
    }
    expect(missing).toEqual([]);
  });
});
