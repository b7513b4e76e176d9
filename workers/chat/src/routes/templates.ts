import { schema } from "@frontdesk/db";
import { templateTypes } from "@frontdesk/db/schema";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";

const templateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    templateType: z.enum(templateTypes),
    systemPrompt: z.string().nullable(),
    content: z.string(),
    version: z.number().int(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Template");

const templateType = z.enum(templateTypes);

const fields = {
  name: z.string().trim().min(1).max(200),
  templateType,
  systemPrompt: z.string().max(20_000).nullable(),
  content: z.string().max(50_000),
  isDefault: z.boolean(),
};

type TemplateRow = typeof schema.templates.$inferSelect;

/** Prompt templates (`/v1/templates`): stage selection, data extraction and response generation prompts. */
export const templates = configRoutes(configApp<ChatEnv>(), {
  table: schema.templates,
  label: "template",
  resource: "template",
  key: "template",
  view: templateSchema,
  toView: (row: TemplateRow) => ({
    id: row.id,
    name: row.name,
    templateType: row.templateType,
    systemPrompt: row.systemPrompt,
    content: row.content,
    version: row.version,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z.object(fields).partial({ systemPrompt: true, isDefault: true }).strict(),
  updateBody: z.object(fields).partial().strict(),
  listQuery: z.object({ templateType: templateType.optional() }),
  listFilter: (t, query) => {
    const type = templateType.safeParse(query.templateType);
    return type.success ? eq(t.templateType, type.data) : undefined;
  },
  refusal: (code) =>
    code === "23503"
      ? new ProblemError("conflict", "A stage still uses this template; change the stage first.")
      : undefined,
});
