import { schema } from "@frontdesk/db";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { ChatEnv } from "../env.ts";

const projectSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    persona: z.string().nullable(),
    agentId: z.uuid().nullable(),
    knowledgeCategories: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Project");

const fields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  persona: z
    .string()
    .max(4000)
    .nullable()
    .openapi({ description: "How the project's assistant presents itself; given to a model agent." }),
  agentId: z
    .uuid()
    .nullable()
    .openapi({ description: "The AI agent that answers in the project's stages that name none." }),
  knowledgeCategories: z
    .array(z.string().trim().min(1).max(100))
    .max(50)
    .openapi({ description: "The knowledge categories its assistant answers from; empty: all of them." }),
};

type ProjectRow = typeof schema.projects.$inferSelect;

/**
 * Projects (`/v1/projects`, seed 001): several assistants in one organization, each with its own
 * persona, agent, stages (`/v1/stages` with `projectId`), knowledge scope and channels
 * (`/v1/channels` with `projectId`). A conversation belongs to its channel's project.
 */
export const projects = configRoutes(configApp<ChatEnv>(), {
  table: schema.projects,
  label: "project",
  resource: "project",
  key: "project",
  view: projectSchema,
  toView: (row: ProjectRow) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    persona: row.persona,
    agentId: row.agentId,
    knowledgeCategories: row.knowledgeCategories,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z
    .object(fields)
    .partial({ description: true, persona: true, agentId: true, knowledgeCategories: true })
    .strict(),
  updateBody: z.object(fields).partial().strict(),
  refusal: (code) => {
    if (code === "23503") return new ProblemError("validation-failed", "The agent named is not in this organization.");
    if (code === "23505") return new ProblemError("conflict", "A project with this name already exists.");
    return undefined;
  },
});
