import { type NeonLocal, startNeonLocal } from "@frontdesk/neon-local";

export interface DatabaseTarget {
  databaseUrl: string;
  neonHttpEndpoint?: string;
  description: string;
  close(): Promise<void>;
}

/**
 * The database a command works on: DATABASE_URL (+ NEON_HTTP_ENDPOINT) when set, otherwise a local
 * Neon endpoint started in-process over persistent PGlite (or over POSTGRES_URL when that is set).
 */
export async function resolveDatabase(options: { port: number; dataDir: string }): Promise<DatabaseTarget> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const neonHttpEndpoint = process.env.NEON_HTTP_ENDPOINT || undefined;
    return { databaseUrl, neonHttpEndpoint, description: neonHttpEndpoint ?? "Neon", close: async () => {} };
  }
  const postgresUrl = process.env.POSTGRES_URL || undefined;
  let local: NeonLocal;
  try {
    local = await startNeonLocal({ port: options.port, postgresUrl, dataDir: options.dataDir });
  } catch (error) {
    if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    local = await startNeonLocal({ port: 0, postgresUrl, dataDir: options.dataDir });
  }
  return {
    databaseUrl: local.databaseUrl,
    neonHttpEndpoint: local.endpoint,
    description: `${local.backend.name} via ${local.endpoint}`,
    close: () => local.close(),
  };
}
