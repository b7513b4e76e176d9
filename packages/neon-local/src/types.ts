/** One column of a result, exactly as node-postgres reports it from RowDescription. */
export interface FieldDescriptor {
  name: string;
  tableID: number;
  columnID: number;
  dataTypeID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: string;
}

/** A statement with its parameters already in Postgres text form (the driver prepares them). */
export interface Statement {
  query: string;
  params: (string | null)[];
}

/** A result with every value still in Postgres text output. */
export interface TextResult {
  fields: FieldDescriptor[];
  rows: (string | null)[][];
  rowCount: number | null;
  command: string | null;
}

export type IsolationLevel = "ReadUncommitted" | "ReadCommitted" | "RepeatableRead" | "Serializable";

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  readOnly?: boolean;
  deferrable?: boolean;
}

/** What the HTTP layer needs from a database: one autocommit statement, or a batch in one transaction. */
export interface Backend {
  readonly name: string;
  query(statement: Statement): Promise<TextResult>;
  transaction(statements: Statement[], options: TransactionOptions): Promise<TextResult[]>;
  close(): Promise<void>;
}
