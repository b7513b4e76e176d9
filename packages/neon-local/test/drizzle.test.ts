import { eq, sql as raw } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-http";
import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { driver } from "./support.ts";

const notes = pgTable("contract_drizzle_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  votes: integer("votes").notNull().default(0),
  meta: jsonb("meta").$type<{ tags: string[] }>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

const db = drizzle({ client: driver() });

beforeAll(async () => {
  await db.execute(raw`drop table if exists contract_drizzle_notes`);
  await db.execute(raw`create table contract_drizzle_notes (
    id uuid primary key default gen_random_uuid(), title text not null, votes int not null default 0,
    meta jsonb, created_at timestamptz not null default now())`);
});

describe("drizzle-orm/neon-http through the local endpoint", () => {
  it("inserts, selects, updates and deletes with typed rows", async () => {
    const [created] = await db
      .insert(notes)
      .values({ title: "hello", meta: { tags: ["a", "b"] } })
      .returning();
    expect(created).toMatchObject({ title: "hello", votes: 0, meta: { tags: ["a", "b"] } });
    expect(created?.createdAt).toBeInstanceOf(Date);

    await db.update(notes).set({ votes: 3 }).where(eq(notes.title, "hello"));
    expect(await db.select({ votes: notes.votes }).from(notes).where(eq(notes.title, "hello"))).toEqual([{ votes: 3 }]);

    await db.delete(notes).where(eq(notes.title, "hello"));
    expect(await db.select().from(notes).where(eq(notes.title, "hello"))).toEqual([]);
  });

  it("db.batch is one transaction: all or nothing", async () => {
    const [first, second] = await db.batch([
      db.insert(notes).values({ title: "batch-1" }).returning({ title: notes.title }),
      db.select({ n: raw<number>`count(*)::int` }).from(notes).where(eq(notes.title, "batch-1")),
    ]);
    expect(first).toEqual([{ title: "batch-1" }]);
    expect(second).toEqual([{ n: 1 }]);

    const sameId = "5b0f5d8e-0f0a-4f4f-9c1e-3c5d3a1c2b10";
    await expect(
      db.batch([
        db.insert(notes).values({ id: sameId, title: "batch-2" }),
        db.insert(notes).values({ id: sameId, title: "batch-3" }),
      ]),
    ).rejects.toThrow();
    expect(await db.select().from(notes).where(eq(notes.id, sameId))).toEqual([]);
  });
});
