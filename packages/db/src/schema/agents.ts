import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, updatedAt } from "./columns.ts";
import { organizations, users } from "./tenancy.ts";

export const agentKinds = ["ai", "human"] as const;
export const agentStatuses = ["online", "away", "busy", "offline"] as const;
export const agentAvailabilities = ["available", "unavailable"] as const;
export const templateTypes = [
  "stage_selection",
  "data_extraction",
  "response_generation",
  "summary",
  "custom",
] as const;

/** AI or human agents. Seeds: 000 agents, 003 agents. */
export const agents = pgTable(
  "agents",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: agentKinds }).notNull(),
    userId: uuid("user_id"),
    displayName: text("display_name").notNull(),
    status: text("status", { enum: agentStatuses }).notNull().default("offline"),
    availability: text("availability", { enum: agentAvailabilities }).notNull().default("unavailable"),
    maxConcurrentChats: integer("max_concurrent_chats").notNull().default(3),
    specialties: text("specialties").array().notNull().default(sql`'{}'`),
    model: text("model"),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("agents_organization_id_id_key").on(t.organizationId, t.id),
    foreignKey({
      name: "agents_user_fkey",
      columns: [t.organizationId, t.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check("agents_kind_check", oneOf(t.kind, agentKinds)),
    check("agents_human_has_user_check", sql`(${t.kind} = 'human') = (${t.userId} is not null)`),
    check("agents_status_check", oneOf(t.status, agentStatuses)),
    check("agents_availability_check", oneOf(t.availability, agentAvailabilities)),
    check("agents_max_concurrent_chats_check", sql`${t.maxConcurrentChats} between 0 and 100`),
    index("agents_organization_id_status_idx").on(t.organizationId, t.status),
    uniqueIndex("agents_user_id_key").on(t.userId).where(sql`${t.userId} is not null`),
  ],
);

/** Prompt templates, three per stage. Seed: 000 templates (successor of prompt_templates). */
export const templates = pgTable(
  "templates",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    templateType: text("template_type", { enum: templateTypes }).notNull(),
    content: text("content").notNull(),
    systemPrompt: text("system_prompt"),
    version: integer("version").notNull().default(1),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("templates_organization_id_id_key").on(t.organizationId, t.id),
    check("templates_template_type_check", oneOf(t.templateType, templateTypes)),
    check("templates_version_check", sql`${t.version} >= 1`),
    index("templates_organization_id_template_type_idx").on(t.organizationId, t.templateType),
  ],
);

/** Conversation stages: selection → extraction → generation, each driven by a template. Seed: 000 stages. */
export const stages = pgTable(
  "stages",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id"),
    name: text("name").notNull(),
    description: text("description").notNull(),
    stageType: text("stage_type").notNull(),
    position: integer("position").notNull().default(0),
    requiredFields: text("required_fields").array().notNull().default(sql`'{}'`),
    stageSelectionTemplateId: uuid("stage_selection_template_id").notNull(),
    dataExtractionTemplateId: uuid("data_extraction_template_id").notNull(),
    responseGenerationTemplateId: uuid("response_generation_template_id").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("stages_organization_id_id_key").on(t.organizationId, t.id),
    unique("stages_organization_id_name_key").on(t.organizationId, t.name),
    foreignKey({
      name: "stages_agent_fkey",
      columns: [t.organizationId, t.agentId],
      foreignColumns: [agents.organizationId, agents.id],
    }),
    foreignKey({
      name: "stages_selection_template_fkey",
      columns: [t.organizationId, t.stageSelectionTemplateId],
      foreignColumns: [templates.organizationId, templates.id],
    }),
    foreignKey({
      name: "stages_extraction_template_fkey",
      columns: [t.organizationId, t.dataExtractionTemplateId],
      foreignColumns: [templates.organizationId, templates.id],
    }),
    foreignKey({
      name: "stages_generation_template_fkey",
      columns: [t.organizationId, t.responseGenerationTemplateId],
      foreignColumns: [templates.organizationId, templates.id],
    }),
    index("stages_agent_id_idx").on(t.agentId),
  ],
);
