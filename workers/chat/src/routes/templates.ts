import { createDb, schema } from "@frontdesk/db";
import { templateTypes } from "@frontdesk/db/schema";
import {
  configApp,
  configRoutes,
  idParam,
  notFoundResponse,
  ProblemError,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { replyKeys, templateProblem } from "../engine/templates.ts";
import type { ChatEnv } from "../env.ts";
import { toStringRecord } from "../session/stage-query.ts";

const templateSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    templateType: z.enum(templateTypes),
    systemPrompt: z.string().nullable(),
    content: z.string(),
    replies: z.record(z.string(), z.string()),
    version: z.number().int().openapi({ description: "Raised by every edit of content, systemPrompt or replies." }),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Template");

const templateType = z.enum(templateTypes);

/** Template text: `{{variables}}` must parse, so a broken template is refused here and not at a turn. */
const templateText = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((text, context) => {
      const problem = templateProblem(text);
      if (problem) context.addIssue({ code: "custom", message: `not a valid template: ${problem}` });
    });

const fields = {
  name: z.string().trim().min(1).max(200),
  templateType,
  systemPrompt: templateText(20_000).nullable(),
  content: templateText(50_000),
  replies: z.partialRecord(z.enum(replyKeys), templateText(2_000)).openapi({
    description:
      "The built-in responder's phrasings (response generation templates): greeting, ask, complete, cannot_answer, rejected; with {{variables}}.",
  }),
  isDefault: z.boolean().openapi({ description: "The template of its type a new stage gets when it names none." }),
};

type TemplateRow = typeof schema.templates.$inferSelect;

/** Prompt templates (`/v1/templates`): stage selection, data extraction and response generation prompts. */
const templateRoutes = configRoutes(configApp<ChatEnv>(), {
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
    replies: toStringRecord(row.replies),
    version: row.version,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z.object(fields).partial({ systemPrompt: true, isDefault: true, replies: true }).strict(),
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

const versionSchema = z
  .object({
    version: z.number().int(),
    name: z.string(),
    systemPrompt: z.string().nullable(),
    content: z.string(),
    replies: z.record(z.string(), z.string()),
    createdAt: z.string(),
  })
  .openapi("TemplateVersion");

/** Every version of a template, newest first: what each reply's `templates` metadata names. */
export const templates = templateRoutes.openapi(
  createRoute({
    method: "get",
    path: "/{id}/versions",
    summary: "A template's versions, newest first",
    security: [{ bearer: [] }],
    request: { params: idParam },
    responses: {
      200: {
        description: "Its versions",
        content: { "application/json": { schema: z.object({ data: z.array(versionSchema) }) } },
      },
      404: notFoundResponse,
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "config:read");
    const { id } = c.req.valid("param");
    const v = schema.templateVersions;
    const rows = await createDb(c.env)
      .select()
      .from(v)
      .where(and(eq(v.organizationId, c.var.identity.organizationId), eq(v.templateId, id)))
      .orderBy(desc(v.version))
      .limit(500);
    if (rows.length === 0) throw new ProblemError("not-found", "No such template in this organization.");
    return c.json(
      {
        data: rows.map((row) => ({
          version: row.version,
          name: row.name,
          systemPrompt: row.systemPrompt,
          content: row.content,
          replies: toStringRecord(row.replies),
          createdAt: row.createdAt.toISOString(),
        })),
      },
      200,
    );
  },
);
