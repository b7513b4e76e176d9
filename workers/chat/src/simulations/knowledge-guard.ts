import { type Database, schema } from "@frontdesk/db";
import { and, eq } from "drizzle-orm";
import type { SessionState } from "../conversation/state.ts";
import { builtinResponder } from "../engine/builtin-responder.ts";
import { analyseTurn, type TurnDeps } from "../engine/pipeline.ts";
import { type KnowledgeScope, scopeCondition } from "../engine/retrieval/scope.ts";

/** At most this many questions are asked in one run (title and example questions, entry by entry). */
export const guardQuestionLimit = 500;
/** Questions in flight at once: a Worker keeps six connections open; more only queue. */
const parallel = 6;

export interface GuardFailure {
  entryId: string;
  title: string;
  question: string;
  /** What answered instead: another entry's title, or null (a handover or an offer). */
  answeredFrom: string | null;
  handover: boolean;
}

export interface KnowledgeGuard {
  entries: number;
  questions: number;
  answered: number;
  /** Entries beyond the question limit are not checked in this run. */
  unchecked: number;
  failures: GuardFailure[];
}

/** Each entry's own title and example questions, in the order they are asked. */
async function guardedEntries(db: Database, organizationId: string, scope: KnowledgeScope) {
  const k = schema.knowledgeEntries;
  return db
    .select({ id: k.id, title: k.title, exampleQuestions: k.exampleQuestions })
    .from(k)
    .where(and(eq(k.organizationId, organizationId), scopeCondition(scope)))
    .orderBy(k.title, k.id);
}

/**
 * The built-in simulation case of every knowledge entry: its own title, and each of its example
 * questions, asked as a conversation's first message, must be answered from that entry. The real
 * pipeline and retrieval with the built-in responder (no model, no tools), so the case tests the
 * knowledge and the ranking, not a model's wording.
 */
export async function runKnowledgeGuard(
  db: Database,
  organizationId: string,
  scope: KnowledgeScope,
  start: SessionState,
  { search, language }: Pick<TurnDeps, "search" | "language">,
): Promise<KnowledgeGuard> {
  const entries = await guardedEntries(db, organizationId, scope);
  const asked: { entry: (typeof entries)[number]; question: string }[] = [];
  let unchecked = 0;
  for (const entry of entries) {
    const questions = [...new Set([entry.title, ...entry.exampleQuestions])];
    if (asked.length + questions.length > guardQuestionLimit) {
      unchecked++;
      continue;
    }
    for (const question of questions) asked.push({ entry, question });
  }
  const failures: GuardFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < asked.length) {
      const item = asked[next++];
      if (!item) return;
      const turn = await analyseTurn({ responderFor: () => builtinResponder, search, language }, start, item.question);
      const source = turn.output.sources[0];
      if (source?.id === item.entry.id && !turn.output.handover) continue;
      failures.push({
        entryId: item.entry.id,
        title: item.entry.title,
        question: item.question,
        answeredFrom: source?.title ?? null,
        handover: turn.output.handover,
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  failures.sort((a, b) => a.title.localeCompare(b.title) || a.question.localeCompare(b.question));
  return {
    entries: entries.length - unchecked,
    questions: asked.length,
    answered: asked.length - failures.length,
    unchecked,
    failures,
  };
}
