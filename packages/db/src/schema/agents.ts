import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, updatedAt } from "./columns.ts";
import { organizations, projects, users } from "./tenancy.ts";

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
    /** The built-in responder's phrasings (response generation templates): see engine/templates.ts. */
    replies: jsonb("replies").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    unique("templates_organization_id_id_key").on(t.organizationId, t.id),
    check("templates_replies_check", sql`jsonb_typeof(${t.replies}) = 'object'`),
    // One default per type: the template a new stage gets when it names none.
    uniqueIndex("templates_one_default_idx").on(t.organizationId, t.templateType).where(sql`${t.isDefault}`),
    check("templates_template_type_check", oneOf(t.templateType, templateTypes)),
    check("templates_version_check", sql`${t.version} >= 1`),
    index("templates_organization_id_template_type_idx").on(t.organizationId, t.templateType),
  ],
);

/**
 * Every version of every template, written by a trigger: an edit of a template's content, system
 * prompt or replies is a new version, and a reply records the versions that produced it.
 */
export const templateVersions = pgTable(
  "template_versions",
  {
    organizationId: organizationId(),
    templateId: uuid("template_id").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    content: text("content").notNull(),
    systemPrompt: text("system_prompt"),
    replies: jsonb("replies").$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.templateId, t.version] }),
    foreignKey({
      name: "template_versions_template_fkey",
      columns: [t.organizationId, t.templateId],
      foreignColumns: [templates.organizationId, templates.id],
    }).onDelete("cascade"),
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
    /** The project whose pipeline this stage is; null: the organization's own. */
    projectId: uuid("project_id"),
    /** Intents that choose this stage without a model (booking, question, complaint, greeting...). */
    intents: text("intents").array().notNull().default(sql`'{}'`),
    /** Words or phrases that choose this stage without a model. */
    keywords: text("keywords").array().notNull().default(sql`'{}'`),
    /** Each gathered field's type (email, phone, date, datetime, choice, name, number, text) and options. */
    fieldTypes: jsonb("field_types").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    unique("stages_organization_id_id_key").on(t.organizationId, t.id),
    foreignKey({
      name: "stages_project_fkey",
      columns: [t.organizationId, t.projectId],
      foreignColumns: [projects.organizationId, projects.id],
    }).onDelete("cascade"),
    check("stages_field_types_check", sql`jsonb_typeof(${t.fieldTypes}) = 'object'`),
    index("stages_project_id_idx").on(t.organizationId, t.projectId, t.position),
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
