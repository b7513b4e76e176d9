/**
 * The SQLSTATE of a failed query ("23505", "23P01", ...), whether the driver's error arrives as is
 * (batches) or wrapped by drizzle in a DrizzleQueryError (single queries).
 */
export function postgresErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
