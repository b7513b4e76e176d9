import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

/** What makes a message go to a person at once, as its handover records it. */
export const escalationCategories = [
  "urgent",
  "complaint",
  "safety",
  "billing",
  "legal",
  "person",
  "sentiment",
] as const;
/** A conversation's place in the queue: what an escalation gives it, most pressing first in the inbox. */
export const conversationPriorities = ["urgent", "high", "normal", "low"] as const;
export const escalationPriorities = ["urgent", "high", "normal"] as const;
export const escalationActions = ["escalate", "ignore"] as const;

/** The default escalation lexicon every organization shares (read-only), loaded by migration 0022. */
export const defaultEscalationPhrases = pgTable(
  "default_escalation_phrases",
  {
    language: text("language").notNull(),
    category: text("category", { enum: escalationCategories }).notNull(),
    phrase: text("phrase").notNull(),
    priority: text("priority", { enum: escalationPriorities }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.language, t.category, t.phrase] }),
    check("default_escalation_phrases_category_check", oneOf(t.category, escalationCategories)),
    check("default_escalation_phrases_priority_check", oneOf(t.priority, escalationPriorities)),
    check(
      "default_escalation_phrases_phrase_check",
      sql`${t.phrase} = lower(${t.phrase}) and length(${t.phrase}) between 2 and 80`,
    ),
  ],
);

/**
 * An organization's own escalation phrases (`escalate`, with the priority their handover gets), or
 * default phrases it silences (`ignore`; `*` silences the category's defaults in that language).
 */
export const escalationRules = pgTable(
  "escalation_rules",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    category: text("category", { enum: escalationCategories }).notNull(),
    language: text("language").notNull().default("en"),
    phrases: text("phrases").array().notNull(),
    action: text("action", { enum: escalationActions }).notNull().default("escalate"),
    priority: text("priority", { enum: escalationPriorities }).notNull().default("high"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("escalation_rules_organization_id_idx").on(t.organizationId, t.createdAt.desc(), t.id.desc()),
    check("escalation_rules_category_check", oneOf(t.category, escalationCategories)),
    check("escalation_rules_action_check", oneOf(t.action, escalationActions)),
    check("escalation_rules_priority_check", oneOf(t.priority, escalationPriorities)),
    check("escalation_rules_language_check", sql`${t.language} ~ '^[a-z]{2}$'`),
    check("escalation_rules_phrases_check", sql`cardinality(${t.phrases}) between 1 and 100`),
  ],
);
