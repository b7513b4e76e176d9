import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { databaseFacingGatewayFiles } from "../database-facing.ts";

it("every gateway file CI repeats on PostgreSQL 15 exists (a renamed file must not drop out silently)", () => {
  const root = resolve(import.meta.dirname, "../..");
  expect(databaseFacingGatewayFiles.filter((file) => !existsSync(resolve(root, file)))).toEqual([]);
  expect(databaseFacingGatewayFiles.length).toBeGreaterThan(10);
});
