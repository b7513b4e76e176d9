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

/** SQLSTATEs that mean "the server is there but cannot take the query now", not "the query is wrong". */
const unavailableStates = /^(08...|57P0[1-3]|53300|53400)$/;

/**
 * Whether a failure means the database could not be reached or cannot serve right now (connection
 * refused, the HTTP endpoint answering 5xx, the server shutting down or out of connections), as
 * opposed to a query Postgres refused. Such a request is worth retrying; nothing was written.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { name, message, code } = current as { name?: unknown; message?: unknown; code?: unknown };
    if (typeof code === "string" && unavailableStates.test(code)) return true;
    if (name === "NeonDbError" && typeof message === "string") {
      if (message.startsWith("Error connecting to database") || /^Server error \(HTTP status 5/.test(message))
        return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** What may be logged of a failed query: its kind and SQLSTATE, never its text or parameters. */
export function describeQueryError(error: unknown): { name: string; code?: string } | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const name = (current as { name?: unknown }).name;
    if (name === "NeonDbError" || name === "DrizzleQueryError") {
      const code = postgresErrorCode(error);
      return { name: String(name), ...(code ? { code } : {}) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a log line may say of any error: a query's kind and SQLSTATE only, anything else its name and message. */
export function errorForLog(error: unknown): Record<string, string> {
  const query = describeQueryError(error);
  if (query) return { ...query };
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "unknown" };
}
