import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, organizationId, updatedAt } from "./columns.ts";
import { organizations, projects } from "./tenancy.ts";

/** A test conversation: customer messages, each with what the assistant's reply must show. */
export const simulationCases = pgTable(
  "simulation_cases",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    /** The project whose pipeline it tests; null: the organization's own. */
    projectId: uuid("project_id"),
    name: text("name").notNull(),
    turns: jsonb("turns").$type<unknown[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("simulation_cases_organization_id_id_key").on(t.organizationId, t.id),
    unique("simulation_cases_organization_id_name_key").on(t.organizationId, t.name),
    foreignKey({
      name: "simulation_cases_project_fkey",
      columns: [t.organizationId, t.projectId],
      foreignColumns: [projects.organizationId, projects.id],
    }).onDelete("cascade"),
    check(
      "simulation_cases_turns_check",
      sql`jsonb_typeof(${t.turns}) = 'array' and jsonb_array_length(${t.turns}) between 1 and 20`,
    ),
  ],
);

/** One run of the simulation suite against a draft (or the live pipeline), and whether it was published. */
export const simulationRuns = pgTable(
  "simulation_runs",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    projectId: uuid("project_id"),
    draft: jsonb("draft").$type<Record<string, unknown>>().notNull().default({}),
    passed: integer("passed").notNull(),
    failed: integer("failed").notNull(),
    results: jsonb("results").$type<unknown[]>().notNull(),
    /** The knowledge guard of the run: each entry's title and example questions answered from it. */
    knowledgeGuard: jsonb("knowledge_guard").$type<Record<string, unknown>>(),
    published: boolean("published").notNull().default(false),
    /** Who ran it, as the audit log names actors. */
    actor: text("actor").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "simulation_runs_project_fkey",
      columns: [t.organizationId, t.projectId],
      foreignColumns: [projects.organizationId, projects.id],
    }).onDelete("cascade"),
    check("simulation_runs_counts_check", sql`${t.passed} >= 0 and ${t.failed} >= 0`),
    index("simulation_runs_organization_id_created_at_idx").on(t.organizationId, t.createdAt.desc(), t.id.desc()),
  ],
);
