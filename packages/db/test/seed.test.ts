import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "../src/client.ts";
import { migrate, migrationsDirectory, readMigrations } from "../src/migrate/index.ts";
import {
  adAssets,
  agents,
  channels,
  knowledgeEntries,
  organizations,
  projects,
  simulationCases,
  stages,
  templates,
} from "../src/schema/index.ts";
import { isEmpty, seedDemo } from "../src/seed/demo.ts";
import { type FreshDatabase, freshDatabase } from "./fresh-database.ts";

let database: FreshDatabase;
let db: Database;

beforeAll(async () => {
  database = await freshDatabase();
  db = createDb({ DATABASE_URL: database.local.databaseUrl, NEON_HTTP_ENDPOINT: database.local.endpoint });
  await migrate(db.$client, await readMigrations(migrationsDirectory));
}, 60_000);

afterAll(async () => {
  await database.close();
});

describe("demo data", () => {
  it("loads a complete, usable organization into an empty database, once", async () => {
    expect(await isEmpty(db)).toBe(true);
    expect(await seedDemo(db)).toBe(true);
    expect(await isEmpty(db)).toBe(false);
    expect(await seedDemo(db)).toBe(false);

    const [organization] = await db.select().from(organizations);
    const orgId = organization?.id ?? "";
    const channelRows = await db
      .select({ name: channels.name, type: channels.type, projectId: channels.projectId })
      .from(channels)
      .where(eq(channels.organizationId, orgId));
    const [rentals] = await db.select().from(projects).where(eq(projects.organizationId, orgId));
    expect(rentals).toMatchObject({ name: "Rentals", persona: expect.stringContaining("Rory") });
    expect(channelRows.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "Rentals chat", type: "web", projectId: rentals?.id },
      { name: "Website chat", type: "web", projectId: null },
    ]);
    const kinds = (await db.select({ kind: agents.kind }).from(agents).where(eq(agents.organizationId, orgId))).map(
      (a) => a.kind,
    );
    expect(kinds.sort()).toEqual(["ai", "ai", "human"]);
    expect(await db.$count(adAssets, and(eq(adAssets.organizationId, orgId), eq(adAssets.status, "active")))).toBe(1);
    expect(await db.$count(simulationCases, eq(simulationCases.organizationId, orgId))).toBeGreaterThanOrEqual(5);
    const stageRows = await db.select().from(stages).where(eq(stages.organizationId, orgId));
    expect(stageRows.length).toBeGreaterThanOrEqual(3);
    expect(await db.$count(templates, eq(templates.organizationId, orgId))).toBe(stageRows.length * 3);
    expect(await db.$count(knowledgeEntries, eq(knowledgeEntries.organizationId, orgId))).toBeGreaterThanOrEqual(30);
  });

  it("answers a customer's question from the knowledge base by full-text rank", async () => {
    const rows = (await db.$client.query(
      `select title from knowledge_entries, websearch_to_tsquery('english', $1) q
       where search_vector @@ q order by ts_rank(search_vector, q) desc limit 1`,
      ["puncture repair"],
    )) as { title: string }[];
    expect(rows).toEqual([{ title: "How much is a puncture repair?" }]);
  });
});
