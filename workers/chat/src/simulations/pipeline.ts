import { type Database, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { EscalationPhrase } from "../conversation/escalation-phrase.ts";
import type { BusinessContact, StageAgent, StageInfo, TemplateRef } from "../conversation/state.ts";
import { parseDeclarations } from "../engine/fields.ts";
import { escalationPhrasesQuery } from "../session/escalation-query.ts";
import { asNumber, defaultHandoverThreshold } from "../session/load-session.ts";
import { fallbackAgent, type StageRow, stagesQuery, toStageInfo, toStringRecord } from "../session/stage-query.ts";
import type { PipelineDraft, StageDraft } from "./schemas.ts";

type TemplateType = TemplateRef["type"];

export interface TemplateText {
  systemPrompt: string | null;
  content: string;
  replies: Record<string, string>;
}

/** A pipeline as it is live: what a draft changes, a simulation runs and the answer preview uses. */
export interface LivePipeline {
  organizationName: string;
  business: BusinessContact;
  handoverThreshold: number;
  escalationPhrases: EscalationPhrase[];
  project: { id: string; persona: string | null; knowledgeCategories: string[] } | null;
  projectAgent: StageAgent | null;
  rows: StageRow[];
  /** Every stage of the organization (any project): a template shared with one is not edited in place. */
  templateUse: { stageId: string; templateIds: string[] }[];
  /** The organization's AI agents, for stages a draft gives an agent. */
  agents: StageAgent[];
  /** The default template of each type: what a new stage's missing templates start from. */
  defaults: Partial<Record<TemplateType, TemplateText & { id: string }>>;
}

/** The live pipeline of a project (null: the organization's own), read in one round trip. */
export async function loadPipeline(
  db: Database,
  organizationId: string,
  projectId: string | null,
): Promise<LivePipeline> {
  const o = schema.organizations;
  const p = schema.projects;
  const a = schema.agents;
  const t = schema.templates;
  const s = schema.stages;
  const [[organization], projects, rows, stageTemplates, agents, defaults, [threshold], escalationPhrases] =
    await db.batch([
      db
        .select({ name: o.name, phone: o.phoneNumber, address: o.address, website: o.website })
        .from(o)
        .where(eq(o.id, organizationId)),
      db
        .select({ project: p, agent: { id: a.id, name: a.displayName, model: a.model, kind: a.kind } })
        .from(p)
        .leftJoin(a, and(eq(a.organizationId, p.organizationId), eq(a.id, p.agentId)))
        .where(and(eq(p.organizationId, organizationId), eq(p.id, projectId ?? sql`null`))),
      stagesQuery(db, organizationId, projectId ? sql`${projectId}::uuid` : sql`null::uuid`),
      db
        .select({
          stageId: s.id,
          selection: s.stageSelectionTemplateId,
          extraction: s.dataExtractionTemplateId,
          generation: s.responseGenerationTemplateId,
        })
        .from(s)
        .where(eq(s.organizationId, organizationId)),
      db
        .select({ id: a.id, name: a.displayName, model: a.model })
        .from(a)
        .where(and(eq(a.organizationId, organizationId), eq(a.kind, "ai"))),
      db
        .select()
        .from(t)
        .where(and(eq(t.organizationId, organizationId), eq(t.isDefault, true))),
      db
        .select({ value: schema.settings.value })
        .from(schema.settings)
        .where(
          and(
            eq(schema.settings.organizationId, organizationId),
            eq(schema.settings.category, "chat"),
            eq(schema.settings.key, "handover_confidence_threshold"),
          ),
        ),
      escalationPhrasesQuery(db, organizationId),
    ]);
  const found = projects[0];
  if (projectId && !found) throw new ProblemError("not-found", "No such project in this organization.");
  const projectAgent = found?.agent?.kind === "ai" ? found.agent : null;
  return {
    organizationName: organization?.name ?? "",
    business: {
      phone: organization?.phone ?? null,
      address: organization?.address ?? null,
      website: organization?.website ?? null,
    },
    handoverThreshold: asNumber(threshold?.value, defaultHandoverThreshold),
    escalationPhrases: escalationPhrases.rows,
    project: found
      ? {
          id: found.project.id,
          persona: found.project.persona,
          knowledgeCategories: found.project.knowledgeCategories,
        }
      : null,
    projectAgent: projectAgent ? { id: projectAgent.id, name: projectAgent.name, model: projectAgent.model } : null,
    rows,
    templateUse: stageTemplates.map((row) => ({
      stageId: row.stageId,
      templateIds: [row.selection, row.extraction, row.generation],
    })),
    agents,
    defaults: Object.fromEntries(
      defaults.map((row) => [
        row.templateType,
        { id: row.id, systemPrompt: row.systemPrompt, content: row.content, replies: toStringRecord(row.replies) },
      ]),
    ),
  };
}

export const draftTemplateKeys = {
  stage_selection: "stageSelection",
  data_extraction: "dataExtraction",
  response_generation: "responseGeneration",
} as const;

/** A draft's change to one template, over what it says now. */
export function draftedText(current: TemplateText, draft: StageDraft, type: TemplateType): TemplateText | undefined {
  const change = draft.templates?.[draftTemplateKeys[type]];
  if (!change) return undefined;
  return {
    systemPrompt: change.systemPrompt !== undefined ? change.systemPrompt : current.systemPrompt,
    content: change.content ?? current.content,
    replies: change.replies ? toStringRecord(change.replies) : current.replies,
  };
}

/** What each live template says, by id. */
export function templateTexts(live: LivePipeline): Map<string, TemplateText> {
  const texts = new Map<string, TemplateText>();
  for (const row of live.rows) {
    for (const template of [row.selection, row.extraction, row.generation]) {
      texts.set(template.id, {
        systemPrompt: template.systemPrompt,
        content: template.content,
        replies: toStringRecord(template.replies),
      });
    }
  }
  return texts;
}

const emptyText: TemplateText = { systemPrompt: null, content: "", replies: {} };

/** The agent a draft names: one of the organization's AI agents (else a 400). */
function draftAgent(live: LivePipeline, agentId: string): StageAgent {
  const agent = live.agents.find((candidate) => candidate.id === agentId);
  if (!agent)
    throw new ProblemError(
      "validation-failed",
      "A draft stage names an agent that is not one of this organization's AI agents.",
    );
  return agent;
}

/**
 * The stages a draft makes, in memory: the live ones with the draft's changes, and the new ones
 * (their missing templates from the organization's defaults). Nothing is written.
 */
export function draftStages(live: LivePipeline, draft: PipelineDraft): StageInfo[] {
  const fallback = fallbackAgent(live.rows, live.projectAgent);
  const stages = live.rows.map((row) => toStageInfo(row, fallback));
  const texts = templateTexts(live);
  for (const change of draft.stages ?? []) {
    const index = stages.findIndex((stage) => stage.name === change.name);
    const base: StageInfo =
      stages[index] ??
      ({
        id: crypto.randomUUID(),
        name: change.name,
        description: "",
        stageType: "custom",
        position: stages.length,
        requiredFields: [],
        fieldTypes: {},
        intents: [],
        keywords: [],
        selectionPrompt: live.defaults.stage_selection?.systemPrompt ?? null,
        extractionPrompt: live.defaults.data_extraction?.systemPrompt ?? null,
        generationPrompt: live.defaults.response_generation?.systemPrompt ?? null,
        generationContent: live.defaults.response_generation?.content ?? "",
        replies: live.defaults.response_generation?.replies ?? {},
        agent: fallback,
        templates: (["stage_selection", "data_extraction", "response_generation"] as const).map((type) => ({
          type,
          id: "draft",
          version: 1,
        })),
      } satisfies StageInfo);
    const textOf = (type: TemplateType) => {
      const ref = base.templates.find((template) => template.type === type);
      return (ref && texts.get(ref.id)) ?? live.defaults[type] ?? emptyText;
    };
    const selection = draftedText(textOf("stage_selection"), change, "stage_selection");
    const extraction = draftedText(textOf("data_extraction"), change, "data_extraction");
    const generation = draftedText(textOf("response_generation"), change, "response_generation");
    const changed = new Set<TemplateType>(
      [selection && "stage_selection", extraction && "data_extraction", generation && "response_generation"].filter(
        (type): type is TemplateType => typeof type === "string",
      ),
    );
    const stage: StageInfo = {
      ...base,
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.stageType !== undefined ? { stageType: change.stageType } : {}),
      ...(change.position !== undefined ? { position: change.position } : {}),
      ...(change.requiredFields !== undefined ? { requiredFields: change.requiredFields } : {}),
      ...(change.fieldTypes !== undefined ? { fieldTypes: parseDeclarations(change.fieldTypes) } : {}),
      ...(change.intents !== undefined ? { intents: change.intents } : {}),
      ...(change.keywords !== undefined ? { keywords: change.keywords } : {}),
      ...(change.agentId !== undefined ? { agent: change.agentId ? draftAgent(live, change.agentId) : fallback } : {}),
      ...(selection ? { selectionPrompt: selection.systemPrompt } : {}),
      ...(extraction ? { extractionPrompt: extraction.systemPrompt } : {}),
      ...(generation
        ? {
            generationPrompt: generation.systemPrompt,
            generationContent: generation.content,
            replies: generation.replies,
          }
        : {}),
      // What a reply records: the version an edited template would get once published.
      templates: base.templates.map((ref) => (changed.has(ref.type) ? { ...ref, version: ref.version + 1 } : ref)),
    };
    if (index === -1) stages.push(stage);
    else stages[index] = stage;
  }
  return stages.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** The draft's knowledge entries must be the organization's (a 400 names the others). */
export async function checkDraftKnowledge(db: Database, organizationId: string, draft: PipelineDraft): Promise<void> {
  const ids = draft.knowledge?.publish ?? [];
  if (ids.length === 0) return;
  const k = schema.knowledgeEntries;
  const found = await db
    .select({ id: k.id })
    .from(k)
    .where(and(eq(k.organizationId, organizationId), inArray(k.id, ids)));
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length > 0) {
    throw new ProblemError("validation-failed", "Some knowledge entries of the draft are not in this organization.", {
      entries: missing,
    });
  }
}
