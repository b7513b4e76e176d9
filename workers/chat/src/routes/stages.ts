import { createDb, schema } from "@frontdesk/db";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { and, eq } from "drizzle-orm";
import { fieldDeclaration } from "../conversation/field-declaration.ts";
import { parseDeclarations } from "../engine/fields.ts";
import { type Intent, intents } from "../engine/intent.ts";
import type { ChatEnv } from "../env.ts";

const fieldName = /^[a-z][a-z0-9_]{0,49}$/;

const stageSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    stageType: z.string(),
    position: z.number().int(),
    requiredFields: z.array(z.string()),
    agentId: z.uuid().nullable(),
    projectId: z.uuid().nullable(),
    intents: z.array(z.enum(intents)),
    keywords: z.array(z.string()),
    fieldTypes: z.record(z.string(), fieldDeclaration),
    stageSelectionTemplateId: z.uuid(),
    dataExtractionTemplateId: z.uuid(),
    responseGenerationTemplateId: z.uuid(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Stage");

const fields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000),
  stageType: z.string().trim().min(1).max(50).openapi({ description: "triage, booking, support or your own." }),
  position: z.number().int().min(0).max(1000),
  requiredFields: z
    .array(z.string().regex(fieldName, "snake_case field names"))
    .max(30)
    .openapi({ description: "The data the stage gathers before it is complete (name, email, bike_type...)." }),
  agentId: z.uuid().nullable().openapi({ description: "The AI agent that answers in this stage." }),
  projectId: z
    .uuid()
    .nullable()
    .openapi({ description: "The project whose pipeline the stage is in; null: the organization's own." }),
  intents: z
    .array(z.enum(intents))
    .max(intents.length)
    .openapi({ description: "Intents that choose this stage without a model." }),
  keywords: z
    .array(z.string().trim().min(2).max(60))
    .max(50)
    .openapi({ description: "Words or phrases that choose this stage without a model (whole words)." }),
  fieldTypes: z
    .record(z.string().regex(fieldName, "snake_case field names"), fieldDeclaration)
    .refine((record) => Object.keys(record).length <= 30, "at most 30 fields")
    .openapi({
      description:
        "Each field's type (text, name, email, phone, date, datetime, choice with its options, number); untyped fields are typed by their name.",
    }),
  stageSelectionTemplateId: z.uuid(),
  dataExtractionTemplateId: z.uuid(),
  responseGenerationTemplateId: z.uuid(),
};

const templateColumns = {
  stageSelectionTemplateId: "stage_selection",
  dataExtractionTemplateId: "data_extraction",
  responseGenerationTemplateId: "response_generation",
} as const;

type StageRow = typeof schema.stages.$inferSelect;

/** Conversation stages (`/v1/stages`), each driven by its three templates. */
export const stages = configRoutes(configApp<ChatEnv>(), {
  table: schema.stages,
  label: "stage",
  resource: "stage",
  key: "stage",
  view: stageSchema,
  toView: (row: StageRow) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    stageType: row.stageType,
    position: row.position,
    requiredFields: row.requiredFields,
    agentId: row.agentId,
    projectId: row.projectId,
    intents: row.intents.filter((intent): intent is Intent => (intents as readonly string[]).includes(intent)),
    keywords: row.keywords,
    fieldTypes: parseDeclarations(row.fieldTypes),
    stageSelectionTemplateId: row.stageSelectionTemplateId,
    dataExtractionTemplateId: row.dataExtractionTemplateId,
    responseGenerationTemplateId: row.responseGenerationTemplateId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z
    .object(fields)
    .partial({
      position: true,
      requiredFields: true,
      agentId: true,
      projectId: true,
      intents: true,
      keywords: true,
      fieldTypes: true,
      stageSelectionTemplateId: true,
      dataExtractionTemplateId: true,
      responseGenerationTemplateId: true,
    })
    .strict(),
  updateBody: z.object(fields).partial().strict(),
  // A stage created without a template uses the organization's default of that type.
  prepare: async (env, body, row) => {
    if (!row.creating) return body;
    const unnamed = Object.entries(templateColumns).filter(([column]) => body[column] === undefined);
    if (unnamed.length === 0) return body;
    const defaults = await createDb(env)
      .select({ id: schema.templates.id, type: schema.templates.templateType })
      .from(schema.templates)
      .where(and(eq(schema.templates.organizationId, row.organizationId), eq(schema.templates.isDefault, true)));
    const filled: Record<string, unknown> = { ...body };
    for (const [column, type] of unnamed) {
      const fallback = defaults.find((template) => template.type === type);
      if (!fallback) {
        throw new ProblemError(
          "validation-failed",
          `Name a ${type.replace("_", " ")} template (${column}): the organization has no default one.`,
        );
      }
      filled[column] = fallback.id;
    }
    return filled;
  },
  refusal: (code) => {
    // Composite foreign keys: another organization's template or agent is refused like an unknown one.
    if (code === "23503")
      return new ProblemError("validation-failed", "A template, agent or project named is not in this organization.");
    if (code === "23505") return new ProblemError("conflict", "A stage with this name already exists.");
    return undefined;
  },
});
