import { and, eq, gte, or } from "drizzle-orm";
import { PgDialect, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { listConditions } from "../src/newest-first-page.ts";

const tickets = pgTable("tickets", {
  status: text("status"),
  priority: text("priority"),
  source: text("source_customer_id"),
  target: text("target_customer_id"),
  startsAt: timestamp("starts_at", { withTimezone: true }),
});
const rendered = (conditions: ReturnType<typeof listConditions>) => {
  const where = and(...conditions);
  return where && new PgDialect().sqlToQuery(where);
};

type Query = { limit: number; cursor?: string; status?: string; priority?: string; customerId?: string; from?: string };

describe("declared list filters", () => {
  const filters = {
    status: tickets.status,
    priority: tickets.priority,
    customerId: (id: string) => or(eq(tickets.source, id), eq(tickets.target, id)),
    from: (from: string) => gte(tickets.startsAt, new Date(from)),
  };

  it("narrows by each filter the query sets: a column by equality, a condition as declared", () => {
    const query: Query = { limit: 20, status: "open", customerId: "c-1" };
    expect(rendered(listConditions(query, filters))).toMatchObject({
      sql: '("tickets"."status" = $1 and ("tickets"."source_customer_id" = $2 or "tickets"."target_customer_id" = $3))',
      params: ["open", "c-1", "c-1"],
    });
  });

  it("narrows nothing for filters the query leaves out, and never by the page's own limit or cursor", () => {
    const query: Query = { limit: 20, cursor: "abc" };
    expect(listConditions(query, filters)).toEqual([]);
  });
});
