export { readMigrations, splitStatements, type MigrationFile } from "./files.ts";
export { MigrationError, migrate, migrationStatus, type MigrationStatus } from "./runner.ts";

import { fileURLToPath } from "node:url";

/** The repository's `migrations/` folder. */
export const migrationsDirectory = fileURLToPath(new URL("../../../../migrations", import.meta.url));
