/** The error fields the Neon driver copies from an HTTP 400 body onto its NeonDbError. */
export const errorFieldNames = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

export type ErrorFieldName = (typeof errorFieldNames)[number];
export type ErrorFields = Partial<Record<ErrorFieldName, string>>;

/** An error raised by Postgres itself, carried intact to the client as HTTP 400. */
export class PostgresError extends Error {
  readonly fields: ErrorFields;

  constructor(message: string, fields: ErrorFields) {
    super(message);
    this.name = "PostgresError";
    this.fields = fields;
  }

  /** Copies the known fields from any object shaped like a Postgres error (pg's DatabaseError, PGlite's). */
  static from(source: { message: string } & Partial<Record<ErrorFieldName, unknown>>): PostgresError {
    const fields: ErrorFields = {};
    for (const name of errorFieldNames) {
      const value = source[name];
      if (value !== undefined && value !== null) fields[name] = String(value);
    }
    return new PostgresError(source.message, fields);
  }

  toJSON(): { message: string } & ErrorFields {
    return { message: this.message, ...this.fields };
  }
}

export function isPostgresErrorLike(error: unknown): error is { message: string; code: string } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { severity?: unknown }).severity === "string"
  );
}
