// Values the global setup hands to every test project (Node and workerd alike).
declare module "vitest" {
  export interface ProvidedContext {
    /** DATABASE_URL for the driver; paired with neonHttpEndpoint. */
    databaseUrl: string;
    /** The local Neon HTTP endpoint the driver is pointed at. */
    neonHttpEndpoint: string;
    /** node-postgres URL of the same database, the baseline for comparisons. */
    directPostgresUrl: string;
    /** "pglite" or "postgres": which server is behind the endpoint. */
    backendKind: "pglite" | "postgres";
    /** The scripted model provider (OpenAI and Workers AI wire formats) of this run. */
    scriptedLlmUrl: string;
    /** The recording webhook receiver of this run (test/webhook-receiver.ts). */
    webhookReceiverUrl: string;
  }
}

export {};
