import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { lexicalCandidates, lexicalStatement } from "../src/engine/retrieval/lexical.ts";

/** An organization with three entries about opening hours: two categories, one of them a draft. */
async function knowledgeBase() {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db.insert(schema.organizations).values({ id: organizationId, name: "Harbour Bikes", slug: organizationId });
  const [shop, rentals, draft] = await db
    .insert(schema.knowledgeEntries)
    .values([
      { organizationId, title: "Opening hours", content: "We open at 9 and close at 18.", category: "Shop, main" },
      {
        organizationId,
        title: "Rental opening hours",
        content: "Rentals open at 8.",
        category: 'Rentals "north" \\ dock',
      },
      { organizationId, title: "Holiday opening hours", content: "Closed on holidays.", isPublished: false },
    ])
    .returning({ id: schema.knowledgeEntries.id });
  return { db, organizationId, ids: { shop: shop?.id, rentals: rentals?.id, draft: draft?.id } };
}

describe("lexical retrieval", () => {
  it("answers from published entries, ranked by how well they match", async () => {
    const { db, organizationId, ids } = await knowledgeBase();
    const found = await lexicalCandidates(db, organizationId, "when do you open?", 10, { language: "en" });
    expect(found.map((candidate) => candidate.id).sort()).toEqual([ids.shop, ids.rentals].sort());
    expect(found[0]?.bm25).toBeGreaterThan(0);
  });

  it("keeps to a scope's categories, whatever characters their names hold, and searches a draft's entries", async () => {
    const { db, organizationId, ids } = await knowledgeBase();
    const rentalsOnly = await lexicalCandidates(db, organizationId, "opening hours", 10, {
      scope: { categories: ['Rentals "north" \\ dock'] },
    });
    expect(rentalsOnly.map((candidate) => candidate.id)).toEqual([ids.rentals]);
    const withDraft = await lexicalCandidates(db, organizationId, "holiday opening hours", 10, {
      scope: { categories: ["Shop, main"], includeEntryIds: [ids.draft ?? ""] },
    });
    expect(withDraft.map((candidate) => candidate.id)).toEqual([ids.shop]);
    const draftOnly = await lexicalCandidates(db, organizationId, "holiday opening hours", 10, {
      scope: { includeEntryIds: [ids.draft ?? ""] },
    });
    expect(draftOnly[0]?.id).toBe(ids.draft);
  });

  it("finds nothing in another organization's knowledge", async () => {
    const { db } = await knowledgeBase();
    expect(await lexicalCandidates(db, crypto.randomUUID(), "opening hours", 10)).toEqual([]);
  });
});

describe("lexical retrieval's cost", () => {
  // Postgres JIT-compiles a statement the planner estimates above jit_above_cost (100,000 by default),
  // which took 2.2 s per question on PostgreSQL 15 with 151 organizations analyzed: the estimate
  // multiplied a guess of 1,000 words per question by one language per entry.
  it("stays far below the cost at which Postgres JIT-compiles, for a long question over a large knowledge base", async () => {
    const db = createDb(env);
    const organizationId = crypto.randomUUID();
    await db.insert(schema.organizations).values({ id: organizationId, name: "Harbour Bikes", slug: organizationId });
    const topics = ["delivery", "returns", "warranty", "repairs", "rentals", "gift cards", "payment", "opening hours"];
    await db.insert(schema.knowledgeEntries).values(
      Array.from({ length: 400 }, (_, index) => ({
        organizationId,
        title: `${topics[index % topics.length]} ${index}`,
        content: `About ${topics[index % topics.length]} for bike number ${index}.`,
        language: index % 2 === 0 ? "en" : "de",
      })),
    );
    await db.execute(sql`analyze knowledge_entries`);
    const question =
      "Hello, I ordered a scooter last week and wanted to ask how long delivery to Austria takes, whether I can pay " +
      "by invoice or credit card, whether there is a voucher for new customers, how the warranty works, whether I " +
      "can return the bike if it does not fit, whether you offer repairs and when the shop opens on Saturday";
    const plan = await db.execute<{ "QUERY PLAN": [{ Plan: { "Total Cost": number } }] }>(
      sql`explain (format json) ${lexicalStatement(organizationId, question, 10, { language: "en" })}`,
    );
    const totalCost = plan.rows[0]?.["QUERY PLAN"][0].Plan["Total Cost"];
    expect(totalCost).toBeLessThan(100_000 / 4);
  });
});
