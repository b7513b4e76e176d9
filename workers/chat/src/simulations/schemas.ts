import * as z from "@frontdesk/http/zod";
import { fieldDeclaration } from "../conversation/field-declaration.ts";
import { intents } from "../engine/intent.ts";
import { replyKeys } from "../engine/templates.ts";

const phrase = z.string().trim().min(1).max(200);

/** What one reply must show; every part is optional. */
export const expectation = z
  .object({
    source: phrase.openapi({ description: "A knowledge entry the reply cites (its title or id)." }),
    stage: phrase.openapi({ description: "The stage the reply is written in." }),
    tool: phrase.openapi({ description: "A tool the turn calls (dry: nothing is written)." }),
    handover: z.boolean().openapi({ description: "Whether the turn hands the conversation to a person." }),
    contains: z.array(phrase).max(10).openapi({ description: "Words the reply must contain (any case)." }),
    notContains: z.array(phrase).max(10).openapi({ description: "Words the reply must not contain." }),
  })
  .partial()
  .strict()
  .openapi("SimulationExpectation");

export const simulationTurn = z
  .object({ message: z.string().trim().min(1).max(2000), expect: expectation.optional() })
  .strict()
  .openapi("SimulationTurn");

export const simulationTurns = z.array(simulationTurn).min(1).max(20);

const templateDraft = z
  .object({
    systemPrompt: z.string().max(20_000).nullable(),
    content: z.string().max(50_000),
    replies: z.partialRecord(z.enum(replyKeys), z.string().max(2_000)),
  })
  .partial()
  .strict();

/** A stage as a draft changes it: a stage of that name changes, a new name adds one. */
export const stageDraft = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).optional(),
    stageType: z.string().trim().min(1).max(50).optional(),
    position: z.number().int().min(0).max(1000).optional(),
    requiredFields: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,49}$/))
      .max(30)
      .optional(),
    fieldTypes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,49}$/), fieldDeclaration).optional(),
    intents: z.array(z.enum(intents)).optional(),
    keywords: z.array(z.string().trim().min(2).max(60)).max(50).optional(),
    agentId: z.uuid().nullable().optional(),
    templates: z
      .object({
        stageSelection: templateDraft,
        dataExtraction: templateDraft,
        responseGeneration: templateDraft,
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict()
  .openapi("StageDraft");

/**
 * A draft of a pipeline: stage and template changes, and unpublished knowledge entries to answer
 * from as if published. It changes nothing until it is published.
 */
export const pipelineDraft = z
  .object({
    projectId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: "The project whose pipeline it is; absent or null: the organization's own." }),
    stages: z.array(stageDraft).max(30).optional(),
    knowledge: z
      .object({
        publish: z
          .array(z.uuid())
          .max(200)
          .openapi({ description: "Unpublished knowledge entries the draft answers from and publishes." }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi("PipelineDraft");

export type PipelineDraft = z.infer<typeof pipelineDraft>;
export type StageDraft = z.infer<typeof stageDraft>;
export type Expectation = z.infer<typeof expectation>;
export type SimulationTurn = z.infer<typeof simulationTurn>;

export const turnResult = z
  .object({
    message: z.string(),
    reply: z.string().nullable(),
    stage: z.string().nullable(),
    agent: z.string().nullable(),
    sources: z.array(z.string()),
    tools: z.array(z.string()),
    handover: z.boolean(),
    confidence: z.number().nullable(),
    passed: z.boolean(),
    failures: z.array(z.string()),
  })
  .openapi("SimulationTurnResult");

export const caseResult = z
  .object({
    caseId: z.uuid(),
    name: z.string(),
    passed: z.boolean(),
    turns: z.array(turnResult),
  })
  .openapi("SimulationCaseResult");

export type TurnResult = z.infer<typeof turnResult>;
export type CaseResult = z.infer<typeof caseResult>;

export const knowledgeGuardSchema = z
  .object({
    entries: z.number().int(),
    questions: z.number().int(),
    answered: z.number().int(),
    unchecked: z.number().int().openapi({ description: "Entries past the 500-question limit of one run." }),
    failures: z.array(
      z.object({
        entryId: z.uuid(),
        title: z.string(),
        question: z.string(),
        answeredFrom: z.string().nullable().openapi({ description: "The entry that answered instead, if any." }),
        handover: z.boolean(),
      }),
    ),
  })
  .openapi("KnowledgeGuard", {
    description:
      "Every knowledge entry's built-in case: its own title and each example question, asked as a first message, must be answered from it.",
  });
