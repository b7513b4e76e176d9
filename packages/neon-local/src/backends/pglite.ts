import { mkdir } from "node:fs/promises";
import { type ExecProtocolResult, messages, PGlite, protocol } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { vector } from "@electric-sql/pglite/vector";
import { parseCommandTag } from "../command-tag.ts";
import { describeField } from "../field-descriptor.ts";
import { PostgresError } from "../postgres-error.ts";
import { beginStatement } from "../transaction-sql.ts";
import type { Backend, Statement, TextResult, TransactionOptions } from "../types.ts";

type Reply = ExecProtocolResult["messages"][number];

/** The extensions the Frontdesk schema may create; PGlite needs them registered at start-up. */
const extensions = { vector, btree_gist, btree_gin, pg_trgm, fuzzystrmatch, pgcrypto, citext, uuid_ossp };

export interface PgliteBackendOptions {
  /** A directory to persist the database in; omitted (or "memory://") means in memory. */
  dataDir?: string;
  /**
   * Set as `statement_timeout` on the one connection. PGlite runs its statements synchronously in
   * this thread and does not enforce it (a `pg_sleep` blocks the process); PostgreSQL does.
   */
  statementTimeoutMs?: number;
}

/**
 * PGlite has a single connection, so every request (a statement or a whole batch) holds an exclusive
 * lock for its duration: transactions from concurrent requests are serialized, never interleaved.
 */
export interface PgliteBackend extends Backend {
  /** The embedded database itself, e.g. to serve it over the Postgres wire protocol as well. */
  readonly pglite: PGlite;
}

export async function createPgliteBackend(options: PgliteBackendOptions = {}): Promise<PgliteBackend> {
  if (options.dataDir && !options.dataDir.includes("://")) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, extensions });

  // The raw stream API with a callback of our own on every call: PGlite keeps the last stream
  // callback installed, so a socket client served from the same instance would otherwise receive
  // the endpoint's replies.
  const exchange = async (wire: Uint8Array): Promise<Reply[]> => {
    const chunks: Uint8Array[] = [];
    await db.execProtocolRawStream(wire, { onRawData: (chunk) => chunks.push(chunk.slice()) });
    const replies: Reply[] = [];
    new protocol.Parser().parse(concat(chunks), (message) => replies.push(message as Reply));
    return replies;
  };

  const run = async (statement: Statement): Promise<{ result: TextResult; status: string }> => {
    const wire = concat([
      protocol.serialize.parse({ text: statement.query, types: [] }),
      protocol.serialize.bind({ values: statement.params }),
      protocol.serialize.describe({ type: "P" }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    return collect(await exchange(wire));
  };

  const simple = async (sql: string): Promise<void> => {
    const error = (await exchange(protocol.serialize.query(sql))).find(
      (message) => message instanceof messages.DatabaseError,
    );
    if (error) throw PostgresError.from(error);
  };

  if (options.statementTimeoutMs) await simple(`set statement_timeout = ${Math.floor(options.statementTimeoutMs)}`);

  return {
    pglite: db,
    name: options.dataDir ? `pglite:${options.dataDir}` : "pglite:memory",
    query: (statement) =>
      db.runExclusive(async () => {
        const { result, status } = await run(statement);
        // A lone BEGIN must not leave the single shared connection inside a transaction.
        if (status !== "I") await simple("ROLLBACK");
        return result;
      }),
    transaction: (statements, transactionOptions: TransactionOptions) =>
      db.runExclusive(async () => {
        await simple(beginStatement(transactionOptions));
        try {
          const results: TextResult[] = [];
          for (const statement of statements) results.push((await run(statement)).result);
          await simple("COMMIT");
          return results;
        } catch (error) {
          await simple("ROLLBACK");
          throw error;
        }
      }),
    close: () => db.close(),
  };
}

function collect(replies: Reply[]): { result: TextResult; status: string } {
  const result: TextResult = { fields: [], rows: [], rowCount: null, command: null };
  let status = "I";
  for (const message of replies) {
    if (message instanceof messages.DatabaseError) throw PostgresError.from(message);
    if (message instanceof messages.RowDescriptionMessage) {
      result.fields = message.fields.map(describeField);
    } else if (message instanceof messages.DataRowMessage) {
      result.rows.push(message.fields);
    } else if (message instanceof messages.CommandCompleteMessage) {
      Object.assign(result, parseCommandTag(message.text));
    } else if (message instanceof messages.ReadyForQueryMessage) {
      status = message.status;
    }
  }
  return { result, status };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
