const commandTagPattern = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;

/** Splits a CommandComplete tag ("INSERT 0 3", "SELECT 2", "CREATE TABLE") the way node-postgres does. */
export function parseCommandTag(tag: string): { command: string | null; rowCount: number | null } {
  const match = commandTagPattern.exec(tag);
  if (!match) return { command: null, rowCount: null };
  const count = match[3] ?? match[2];
  return { command: match[1] ?? null, rowCount: count === undefined ? null : Number.parseInt(count, 10) };
}
