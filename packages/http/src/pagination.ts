import { ProblemError } from "./problem.ts";
import * as z from "./zod.ts";

/** Where the next page starts: the last row's sort key. Opaque to clients (base64url JSON). */
export interface Cursor {
  createdAt: string;
  id: string;
  /** A rank the order puts first (the inbox's priority), when it has one. */
  rank?: number | undefined;
}

const cursorShape = z
  .object({ createdAt: z.iso.datetime({ offset: true }), id: z.uuid(), rank: z.number().int().optional() })
  .strict();

export const pageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size (1-100)." }),
    cursor: z.string().max(512).optional().openapi({ description: "`nextCursor` of the previous page." }),
  })
  .strict();

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify(cursor)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  try {
    const json = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
    return cursorShape.parse(JSON.parse(json));
  } catch {
    throw new ProblemError("invalid-cursor", "Pass back the nextCursor of the previous page unchanged.");
  }
}

/** The page envelope of every list: rows plus the cursor of the next page (null on the last). */
type Keyed = { createdAt: Date | string; id: string; rank?: number };

export function page<T extends Keyed>(rows: T[], limit: number) {
  return pageBy(rows, limit, (row) => row);
}

/** A page of joined rows, its cursor taken from the part of each row that is the listed record. */
export function pageBy<T>(rows: T[], limit: number, keyOf: (row: T) => Keyed) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const more = rows.length > limit && last !== undefined;
  const key = last === undefined ? undefined : keyOf(last);
  const createdAt = key ? new Date(key.createdAt).toISOString() : "";
  const rank = key?.rank === undefined ? {} : { rank: key.rank };
  return { data, nextCursor: more && key ? encodeCursor({ createdAt, id: key.id, ...rank }) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
