import pg from "pg";
import { describeField } from "../field-descriptor.ts";
import { isPostgresErrorLike, PostgresError } from "../postgres-error.ts";
import { beginStatement } from "../transaction-sql.ts";
import type { Backend, Statement, TextResult, TransactionOptions } from "../types.ts";

/** Keeps every value in Postgres text output: the Neon driver parses values itself. */
const rawText: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value };

export interface PostgresBackendOptions {
  connectionString: string;
  maxConnections?: number;
  /** Every statement is cancelled by the server after this long (`statement_timeout`). */
  statementTimeoutMs?: number;
}

/** Fronts a real PostgreSQL server through a node-postgres pool: many connections, real concurrency. */
export function createPostgresBackend(options: PostgresBackendOptions): Backend {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 20,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client losing its server is reported here; without a listener it would crash the process.
  pool.on("error", () => {});

  const run = async (client: pg.PoolClient, statement: Statement): Promise<TextResult> => {
    try {
      const config: pg.QueryArrayConfig & { queryMode: "extended" } = {
        text: statement.query,
        values: statement.params,
        rowMode: "array",
        types: rawText,
        // The extended protocol even without parameters: one statement per query, as on Neon.
        queryMode: "extended",
      };
      const result = await client.query<(string | null)[]>(config);
      return {
        fields: result.fields.map(describeField),
        rows: result.rows,
        rowCount: result.rowCount,
        command: result.command ?? null,
      };
    } catch (error) {
      throw isPostgresErrorLike(error) ? PostgresError.from(error) : error;
    }
  };

  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      if (!(error instanceof PostgresError)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  };

  return {
    name: `postgres:${redact(options.connectionString)}`,
    query: (statement) =>
      withClient(async (client) => {
        try {
          return await run(client, statement);
        } finally {
          // A lone BEGIN must not leave a pooled connection inside a transaction.
          if (client.getTransactionStatus() !== "I") await run(client, { query: "ROLLBACK", params: [] });
        }
      }),
    transaction: (statements, transactionOptions: TransactionOptions) =>
      withClient(async (client) => {
        await run(client, { query: beginStatement(transactionOptions), params: [] });
        try {
          const results: TextResult[] = [];
          for (const statement of statements) results.push(await run(client, statement));
          await run(client, { query: "COMMIT", params: [] });
          return results;
        } catch (error) {
          await run(client, { query: "ROLLBACK", params: [] });
          throw error;
        }
      }),
    close: () => pool.end(),
  };
}

function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable url)";
  }
}
