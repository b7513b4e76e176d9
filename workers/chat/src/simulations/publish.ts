import { type Database, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { TemplateRef } from "../conversation/state.ts";
import { draftedText, type LivePipeline, type TemplateText, templateTexts } from "./pipeline.ts";
import type { PipelineDraft, StageDraft } from "./schemas.ts";

type TemplateType = TemplateRef["type"];
const templateTypes: TemplateType[] = ["stage_selection", "data_extraction", "response_generation"];
const columnOf = {
  stage_selection: "stageSelectionTemplateId",
  data_extraction: "dataExtractionTemplateId",
  response_generation: "responseGenerationTemplateId",
} as const;

/** A stage's own columns a draft changes (not its templates). */
function stageChanges(change: StageDraft) {
  return {
    ...(change.description !== undefined ? { description: change.description } : {}),
    ...(change.stageType !== undefined ? { stageType: change.stageType } : {}),
    ...(change.position !== undefined ? { position: change.position } : {}),
    ...(change.requiredFields !== undefined ? { requiredFields: change.requiredFields } : {}),
    ...(change.fieldTypes !== undefined ? { fieldTypes: change.fieldTypes } : {}),
    ...(change.intents !== undefined ? { intents: change.intents } : {}),
    ...(change.keywords !== undefined ? { keywords: change.keywords } : {}),
    ...(change.agentId !== undefined ? { agentId: change.agentId } : {}),
  };
}

/**
 * The statements that make a draft live, for one batch with the run that allowed it: edited
 * templates are updated in place (a trigger makes each edit a new version) unless another stage
 * shares them, which gets a copy; new stages get their own templates; the draft's knowledge
 * entries are published.
 */
export function publishStatements(
  db: Database,
  organizationId: string,
  draft: PipelineDraft,
  live: LivePipeline,
): BatchItem<"pg">[] {
  const t = schema.templates;
  const s = schema.stages;
  const texts = templateTexts(live);
  const statements: BatchItem<"pg">[] = [];
  const newTemplate = (stageName: string, type: TemplateType, text: TemplateText) => {
    const id = crypto.randomUUID();
    statements.push(
      db.insert(t).values({
        id,
        organizationId,
        name: `${stageName}: ${type.replace("_", " ")}`,
        templateType: type,
        systemPrompt: text.systemPrompt,
        content: text.content,
        replies: text.replies,
      }),
    );
    return id;
  };
  for (const change of draft.stages ?? []) {
    const row = live.rows.find((candidate) => candidate.stage.name === change.name);
    if (!row) {
      const templateIds = Object.fromEntries(
        templateTypes.map((type) => {
          const base = live.defaults[type];
          const text = draftedText(base ?? { systemPrompt: null, content: "", replies: {} }, change, type);
          if (!text && !base) {
            throw new ProblemError(
              "validation-failed",
              `The new stage "${change.name}" needs a ${type.replace("_", " ")} template: give one, or mark a default.`,
            );
          }
          return [columnOf[type], newTemplate(change.name, type, text ?? (base as TemplateText))];
        }),
      ) as Record<(typeof columnOf)[TemplateType], string>;
      statements.push(
        db.insert(s).values({
          organizationId,
          projectId: draft.projectId ?? null,
          name: change.name,
          description: change.description ?? "",
          stageType: change.stageType ?? "custom",
          position: change.position ?? live.rows.length,
          requiredFields: change.requiredFields ?? [],
          fieldTypes: change.fieldTypes ?? {},
          intents: change.intents ?? [],
          keywords: change.keywords ?? [],
          agentId: change.agentId ?? null,
          ...templateIds,
        }),
      );
      continue;
    }
    const repointed: Partial<Record<(typeof columnOf)[TemplateType], string>> = {};
    for (const type of templateTypes) {
      const current =
        type === "stage_selection" ? row.selection : type === "data_extraction" ? row.extraction : row.generation;
      const text = draftedText(texts.get(current.id) ?? { systemPrompt: null, content: "", replies: {} }, change, type);
      if (!text) continue;
      const shared = live.templateUse.some(
        (use) => use.stageId !== row.stage.id && use.templateIds.includes(current.id),
      );
      if (shared) repointed[columnOf[type]] = newTemplate(change.name, type, text);
      else
        statements.push(
          db
            .update(t)
            .set({ systemPrompt: text.systemPrompt, content: text.content, replies: text.replies })
            .where(and(eq(t.organizationId, organizationId), eq(t.id, current.id))),
        );
    }
    const changes = { ...stageChanges(change), ...repointed };
    if (Object.keys(changes).length > 0) {
      statements.push(
        db
          .update(s)
          .set(changes)
          .where(and(eq(s.organizationId, organizationId), eq(s.id, row.stage.id))),
      );
    }
  }
  const entries = draft.knowledge?.publish ?? [];
  if (entries.length > 0) {
    const k = schema.knowledgeEntries;
    statements.push(
      db
        .update(k)
        .set({ isPublished: true })
        .where(and(eq(k.organizationId, organizationId), inArray(k.id, entries))),
    );
  }
  return statements;
}
