import * as z from "zod";
import type { IsolationLevel, Statement, TransactionOptions } from "./types.ts";

/** A request the Neon driver can send, after validation. */
export type SqlRequest =
  | { kind: "query"; statement: Statement; output: OutputOptions }
  | { kind: "batch"; statements: Statement[]; options: TransactionOptions; output: OutputOptions };

export interface OutputOptions {
  rawTextOutput: boolean;
  arrayMode: boolean;
}

/** A request that does not follow the protocol: the client gets a 4xx, never a crash. */
export class ProtocolError extends Error {
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.name = "ProtocolError";
    this.status = status;
  }
}

// The driver sends every parameter already prepared as text (or null); plain JSON scalars are accepted too.
const param = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((value) => (value === null ? null : String(value)));
const statementSchema = z.object({ query: z.string(), params: z.array(param).default([]) });
const bodySchema = z.union([z.object({ queries: z.array(statementSchema) }), statementSchema]);

const booleanHeader = z.enum(["true", "false"]).transform((value) => value === "true");
const isolationHeader = z.enum(["ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable"]);

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function parseHeader<T>(headers: Headers, name: string, schema: z.ZodType<T, string>): T | undefined {
  const raw = header(headers, name);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProtocolError(`invalid ${name} header: ${JSON.stringify(raw)}`);
  return parsed.data;
}

/** Validates one HTTP request (headers and raw body) against the Neon HTTP protocol. */
export function parseSqlRequest(headers: Headers, body: string): SqlRequest {
  const connectionString = header(headers, "Neon-Connection-String");
  if (!connectionString) throw new ProtocolError("missing Neon-Connection-String header");
  if (!/^postgres(ql)?:\/\//.test(connectionString) || !URL.canParse(connectionString)) {
    throw new ProtocolError("Neon-Connection-String is not a postgres:// URL");
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ProtocolError("request body is not valid JSON");
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    throw new ProtocolError(
      `request body must be {query, params} or {queries: [...]}: ${z.prettifyError(parsed.error)}`,
    );
  }

  const output: OutputOptions = {
    rawTextOutput: parseHeader(headers, "Neon-Raw-Text-Output", booleanHeader) ?? false,
    arrayMode: parseHeader(headers, "Neon-Array-Mode", booleanHeader) ?? false,
  };
  if ("queries" in parsed.data) {
    const options: TransactionOptions = {};
    const isolationLevel: IsolationLevel | undefined = parseHeader(
      headers,
      "Neon-Batch-Isolation-Level",
      isolationHeader,
    );
    const readOnly = parseHeader(headers, "Neon-Batch-Read-Only", booleanHeader);
    const deferrable = parseHeader(headers, "Neon-Batch-Deferrable", booleanHeader);
    if (isolationLevel !== undefined) options.isolationLevel = isolationLevel;
    if (readOnly !== undefined) options.readOnly = readOnly;
    if (deferrable !== undefined) options.deferrable = deferrable;
    return { kind: "batch", statements: parsed.data.queries, options, output };
  }
  return { kind: "query", statement: parsed.data, output };
}
