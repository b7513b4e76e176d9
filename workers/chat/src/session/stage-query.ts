import { type Database, schema } from "@frontdesk/db";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { StageAgent, StageInfo } from "../conversation/state.ts";
import { parseDeclarations } from "../engine/fields.ts";

/** A string-valued record from a stored one (a template's replies): other values are left out. */
export function toStringRecord(stored: Record<string, unknown>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (typeof value === "string") Object.defineProperty(record, key, { value, enumerable: true });
  }
  return record;
}

/**
 * The stages of a project's pipeline (`projectId` is SQL: a value or a subquery) with their three
 * templates and agents, in order; a project without stages of its own, or no project, follows the
 * organization's own stages. Not awaited: it runs alone or in a batch.
 */
export function stagesQuery(db: Database, organizationId: string, projectId: SQL) {
  const s = schema.stages;
  const selection = alias(schema.templates, "selection");
  const extraction = alias(schema.templates, "extraction");
  const generation = alias(schema.templates, "generation");
  return db
    .select({
      stage: s,
      selection: {
        id: selection.id,
        version: selection.version,
        systemPrompt: selection.systemPrompt,
        content: selection.content,
        replies: selection.replies,
      },
      extraction: {
        id: extraction.id,
        version: extraction.version,
        systemPrompt: extraction.systemPrompt,
        content: extraction.content,
        replies: extraction.replies,
      },
      generation: {
        id: generation.id,
        version: generation.version,
        systemPrompt: generation.systemPrompt,
        content: generation.content,
        replies: generation.replies,
      },
      agent: { id: schema.agents.id, name: schema.agents.displayName, model: schema.agents.model },
    })
    .from(s)
    .innerJoin(selection, eq(selection.id, s.stageSelectionTemplateId))
    .innerJoin(extraction, eq(extraction.id, s.dataExtractionTemplateId))
    .innerJoin(generation, eq(generation.id, s.responseGenerationTemplateId))
    .leftJoin(schema.agents, and(eq(schema.agents.id, s.agentId), eq(schema.agents.kind, "ai")))
    .where(
      and(
        eq(s.organizationId, organizationId),
        sql`(${s.projectId} = ${projectId} or (${s.projectId} is null and not exists (
          select 1 from stages own where own.organization_id = ${organizationId} and own.project_id = ${projectId})))`,
      ),
    )
    .orderBy(asc(s.position), asc(s.name));
}

export type StageRow = Awaited<ReturnType<typeof stagesQuery>>[number];

/** The agent that answers where a stage names none: the project's, else the first stage's. */
export function fallbackAgent(rows: StageRow[], projectAgent: StageAgent | null | undefined): StageAgent | null {
  if (projectAgent?.id) return projectAgent;
  const first = rows.find((row) => row.agent?.id)?.agent;
  return first?.id ? first : null;
}

/** A stage row as a turn uses it. */
export function toStageInfo(row: StageRow, fallback: StageAgent | null): StageInfo {
  const { stage, selection, extraction, generation, agent } = row;
  return {
    id: stage.id,
    name: stage.name,
    description: stage.description,
    stageType: stage.stageType,
    position: stage.position,
    requiredFields: stage.requiredFields,
    fieldTypes: parseDeclarations(stage.fieldTypes),
    intents: stage.intents,
    keywords: stage.keywords,
    selectionPrompt: selection.systemPrompt,
    extractionPrompt: extraction.systemPrompt,
    generationPrompt: generation.systemPrompt,
    generationContent: generation.content,
    replies: toStringRecord(generation.replies),
    agent: agent?.id ? agent : fallback,
    templates: [
      { type: "stage_selection", id: selection.id, version: selection.version },
      { type: "data_extraction", id: extraction.id, version: extraction.version },
      { type: "response_generation", id: generation.id, version: generation.version },
    ],
  };
}
