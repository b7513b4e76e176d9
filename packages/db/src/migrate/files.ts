import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { postgreSplitterOptions, splitQuery } from "dbgate-query-splitter";

export interface MigrationFile {
  name: string;
  checksum: string;
  statements: string[];
}

/** The Neon HTTP protocol runs one statement per query, so a migration file is split into its statements. */
export function splitStatements(sqlText: string): string[] {
  const pieces = splitQuery(sqlText, { ...postgreSplitterOptions, ignoreComments: true }) as unknown[];
  return pieces.map((piece) => String(piece).trim()).filter((statement) => statement.length > 0);
}

const transactionControl = /^(begin|commit|rollback|start\s+transaction|end)\b/i;

/** Reads every `*.sql` file of a folder, in name order, with a checksum of its exact bytes. */
export async function readMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(directory, name), "utf8");
      const statements = splitStatements(text);
      const control = statements.find((statement) => transactionControl.test(statement));
      if (control)
        throw new Error(
          `${name}: remove "${control.slice(0, 40)}": every migration already runs in its own transaction`,
        );
      return { name, checksum: createHash("sha256").update(text).digest("hex"), statements };
    }),
  );
}
