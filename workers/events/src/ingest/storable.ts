import type { EventRow } from "./event-row.ts";

/** The window an event's time must fall in: nothing happened before 2000, and a day of clock skew is plenty. */
export const earliestEventTime = Date.UTC(2000, 0, 1);
export const futureSlackMs = 86_400_000;

export interface Unstorable {
  path: string;
  message: string;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character";
  if (loneSurrogate.test(text)) return "contains an unpaired UTF-16 surrogate";
  return undefined;
}

/** The first value under `value` that Postgres (text and jsonb) would refuse, with where it is. */
function walk(value: unknown, path: string): Unstorable | undefined {
  if (typeof value === "string") {
    const problem = badText(value);
    return problem ? { path, message: problem } : undefined;
  }
  if (typeof value === "number")
    return Number.isFinite(value) ? undefined : { path, message: "a number JSON cannot carry (too large)" };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = walk(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = badText(key);
      if (keyProblem)
        return { path: `${path}.${key.replaceAll("\u0000", "\\u0000")}`, message: `a key that ${keyProblem}` };
      const found = walk(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Why the row cannot be stored as it is, checked before the batch's single insert so that one
 * tenant's odd event is rejected alone instead of failing everyone's batch: NUL characters and
 * unpaired surrogates in any string or key, numbers beyond JSON, times outside 2000-01-01 .. now + 1 day.
 */
export function unstorable(row: EventRow, now: number): Unstorable | undefined {
  for (const [field, time] of [
    ["timestamp", row.occurredAt],
    ["sentAt", row.sentAt],
  ] as const) {
    if (time === null) continue;
    const at = Date.parse(time);
    if (!Number.isFinite(at) || at < earliestEventTime || at > now + futureSlackMs)
      return { path: field, message: "must be between 2000-01-01 and a day from now" };
  }
  const { organizationId: _organizationId, occurredAt: _occurredAt, sentAt: _sentAt, ...fields } = row;
  for (const [field, value] of Object.entries(fields)) {
    const found = walk(value, field);
    if (found) return found;
  }
  return undefined;
}
