import { createDb, schema } from "@frontdesk/db";
import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { type SessionState, withMessages } from "../conversation/state.ts";
import { assistantTools } from "../engine/assistant-tools.ts";
import { chooseResponder } from "../engine/choose-responder.ts";
import type { LanguageDetector } from "../engine/language.ts";
import { isolateLanguageDetector } from "../engine/language-model.ts";
import { planCustomerTurn } from "../engine/turn.ts";
import type { ChatEnv } from "../env.ts";
import { knowledgeSearcher } from "../knowledge/searcher.ts";
import { blankSessionState, greetedSessionState } from "../session/blank-state.ts";
import { fallbackAgent } from "../session/stage-query.ts";
import { unmetExpectations } from "./evaluate.ts";
import { type KnowledgeGuard, runKnowledgeGuard } from "./knowledge-guard.ts";
import { checkDraftKnowledge, draftStages, type LivePipeline, loadPipeline } from "./pipeline.ts";
import { type CaseResult, type PipelineDraft, simulationTurns, type TurnResult } from "./schemas.ts";

export interface SuiteResult {
  passed: number;
  failed: number;
  results: CaseResult[];
  /** Every knowledge entry's built-in case: its title and example questions answered from it. */
  knowledge: KnowledgeGuard;
  live: LivePipeline;
}

const stringsOf = (value: unknown, key: string): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) =>
        item && typeof item === "object" && key in item ? [String((item as Record<string, unknown>)[key])] : [],
      )
    : [];

/** One test conversation through the real turn (intent, stage, extraction, retrieval, responder), tools dry. */
async function runCase(
  env: ChatEnv,
  start: SessionState,
  search: ReturnType<typeof knowledgeSearcher>,
  language: LanguageDetector,
  turns: { message: string; expect?: Parameters<typeof unmetExpectations>[1] }[],
): Promise<TurnResult[]> {
  let state = start;
  const tools = assistantTools(env, state, true);
  const deps = {
    responderFor: (model: string | null) => chooseResponder(env, model),
    search: (query: string, code: string | null) => search(query, code),
    language,
    tools,
  };
  const results: TurnResult[] = [];
  for (const turn of turns) {
    const plan = await planCustomerTurn(deps, state, turn.message);
    const metadata = plan.reply?.metadata ?? {};
    const ids = stringsOf(metadata.sources, "id");
    const sources = stringsOf(metadata.sources, "title").map((title, index) => ({ id: ids[index] ?? "", title }));
    const observed = {
      reply: plan.reply?.content ?? null,
      stage: typeof metadata.stage === "string" ? metadata.stage : null,
      sources,
      tools: stringsOf(metadata.toolCalls, "name"),
      handover: plan.handover,
    };
    const failures = unmetExpectations(observed, turn.expect);
    results.push({
      message: turn.message,
      reply: observed.reply,
      stage: observed.stage,
      agent: typeof metadata.agent === "string" ? metadata.agent : null,
      sources: sources.map((source) => source.title),
      tools: observed.tools,
      handover: plan.handover,
      confidence: typeof metadata.confidence === "number" ? metadata.confidence : null,
      passed: failures.length === 0,
      failures,
    });
    const next = plan.handover
      ? { ...plan.next, status: "waiting" as const, handedOver: true, askedFor: [] }
      : plan.next;
    state = withMessages(next, plan.write.messages);
  }
  return results;
}

/**
 * Runs the organization's simulation cases for a pipeline (a project's, or its own) against a
 * draft of it, or the live one when the draft changes nothing: each case a fresh conversation in
 * memory, tools rehearsed, nothing written.
 */
export async function runSimulations(
  env: ChatEnv,
  organizationId: string,
  draft: PipelineDraft,
  caseIds?: string[],
): Promise<SuiteResult> {
  const db = createDb(env);
  const projectId = draft.projectId ?? null;
  const c = schema.simulationCases;
  const conditions: SQL[] = [
    eq(c.organizationId, organizationId),
    projectId ? eq(c.projectId, projectId) : isNull(c.projectId),
  ];
  if (caseIds?.length) conditions.push(inArray(c.id, caseIds));
  const [live, cases, , language] = await Promise.all([
    loadPipeline(db, organizationId, projectId),
    db
      .select()
      .from(c)
      .where(and(...conditions))
      .orderBy(c.name),
    checkDraftKnowledge(db, organizationId, draft),
    isolateLanguageDetector(env.ASSETS),
  ]);
  const stages = draftStages(live, draft);
  const agent = fallbackAgent(live.rows, live.projectAgent);
  const scope = {
    categories: live.project?.knowledgeCategories ?? [],
    includeEntryIds: draft.knowledge?.publish ?? [],
  };
  const search = knowledgeSearcher(env, organizationId, scope);
  const guardStart = greetedSessionState({
    organizationId,
    organizationName: live.organizationName,
    business: live.business,
    handoverThreshold: live.handoverThreshold,
    escalationPhrases: live.escalationPhrases,
  });
  const guard = runKnowledgeGuard(db, organizationId, scope, guardStart, { search, language });
  const results = await Promise.all(
    cases.map(async (simulation): Promise<CaseResult> => {
      const turns = simulationTurns.safeParse(simulation.turns);
      if (!turns.success) {
        return {
          caseId: simulation.id,
          name: simulation.name,
          passed: false,
          turns: [
            {
              message: "",
              reply: null,
              stage: null,
              agent: null,
              sources: [],
              tools: [],
              handover: false,
              confidence: null,
              passed: false,
              failures: ["the case's turns are not valid simulation turns"],
            },
          ],
        };
      }
      const start = blankSessionState({
        organizationId,
        organizationName: live.organizationName,
        business: live.business,
        projectId,
        persona: live.project?.persona ?? null,
        knowledgeCategories: live.project?.knowledgeCategories ?? [],
        assistantName: agent?.name ?? "Assistant",
        assistantModel: agent?.model ?? null,
        stages,
        handoverThreshold: live.handoverThreshold,
        escalationPhrases: live.escalationPhrases,
      });
      const turnResults = await runCase(env, start, search, language, turns.data);
      return {
        caseId: simulation.id,
        name: simulation.name,
        passed: turnResults.every((turn) => turn.passed),
        turns: turnResults,
      };
    }),
  );
  const passed = results.filter((result) => result.passed).length;
  return { passed, failed: results.length - passed, results, knowledge: await guard, live };
}
