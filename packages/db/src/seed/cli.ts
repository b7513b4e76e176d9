// `pnpm db:seed`: loads the demo organization unless it is already there.
import { createDb } from "../client.ts";
import { seedDemo } from "./demo.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (locally, start `pnpm db:local` and export the two lines it prints).");
  process.exit(2);
}
const db = createDb({ DATABASE_URL: databaseUrl, NEON_HTTP_ENDPOINT: process.env.NEON_HTTP_ENDPOINT || undefined });
console.log(
  (await seedDemo(db))
    ? "seeded the demo organization (Northwind Cycles)"
    : "demo organization already present: nothing to do",
);
