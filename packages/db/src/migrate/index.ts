export { type MigrationFile, readMigrations, splitStatements } from "./files.ts";
export { type MigrateOptions, MigrationError, type MigrationStatus, migrate, migrationStatus } from "./runner.ts";

import { fileURLToPath } from "node:url";

/** The repository's `migrations/` folder. */
export const migrationsDirectory = fileURLToPath(new URL("../../../../migrations", import.meta.url));
