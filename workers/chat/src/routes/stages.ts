import { schema } from "@frontdesk/db";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import { z } from "@hono/zod-openapi";
import type { ChatEnv } from "../env.ts";

const stageSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    stageType: z.string(),
    position: z.number().int(),
    requiredFields: z.array(z.string()),
    agentId: z.uuid().nullable(),
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
    .array(z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "snake_case field names"))
    .max(30)
    .openapi({ description: "The data the stage gathers before it is complete (name, email, bike_type...)." }),
  agentId: z.uuid().nullable(),
  stageSelectionTemplateId: z.uuid(),
  dataExtractionTemplateId: z.uuid(),
  responseGenerationTemplateId: z.uuid(),
};

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
    stageSelectionTemplateId: row.stageSelectionTemplateId,
    dataExtractionTemplateId: row.dataExtractionTemplateId,
    responseGenerationTemplateId: row.responseGenerationTemplateId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z.object(fields).partial({ position: true, requiredFields: true, agentId: true }).strict(),
  updateBody: z.object(fields).partial().strict(),
  refusal: (code) => {
    // Composite foreign keys: another organization's template or agent is refused like an unknown one.
    if (code === "23503")
      return new ProblemError("validation-failed", "A template or agent named is not in this organization.");
    if (code === "23505") return new ProblemError("conflict", "A stage with this name already exists.");
    return undefined;
  },
});
