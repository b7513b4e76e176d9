import { createDb, schema } from "@frontdesk/db";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { builtinResponder } from "../engine/builtin-responder.ts";
import { analyseTurn } from "../engine/pipeline.ts";
import type { ChatEnv } from "../env.ts";
import { blankSessionState } from "../session/blank-state.ts";
import { asNumber, defaultHandoverThreshold } from "../session/load-session.ts";
import { knowledgeSearcher } from "./searcher.ts";

/**
 * What the assistant would answer to `question` as the first message of a conversation: the real
 * pipeline (intent, language, the same retrieval and confidence threshold, the built-in responder)
 * with no customer, no stage data and no tools, so a preview never books or opens anything.
 */
export async function previewReply(env: ChatEnv, organizationId: string, question: string) {
  const db = createDb(env);
  const o = schema.organizations;
  const settings = schema.settings;
  const [[organization], [threshold], [assistant]] = await db.batch([
    db
      .select({ name: o.name, phone: o.phoneNumber, address: o.address, website: o.website })
      .from(o)
      .where(eq(o.id, organizationId)),
    db
      .select({ value: settings.value })
      .from(settings)
      .where(
        and(
          eq(settings.organizationId, organizationId),
          eq(settings.category, "chat"),
          eq(settings.key, "handover_confidence_threshold"),
        ),
      ),
    db
      .select({ name: schema.agents.displayName })
      .from(schema.stages)
      .innerJoin(schema.agents, eq(schema.agents.id, schema.stages.agentId))
      .where(and(eq(schema.stages.organizationId, organizationId), isNotNull(schema.stages.agentId)))
      .orderBy(asc(schema.stages.position))
      .limit(1),
  ]);
  const now = new Date().toISOString();
  const state = blankSessionState({
    organizationId,
    organizationName: organization?.name ?? "",
    business: {
      phone: organization?.phone ?? null,
      address: organization?.address ?? null,
      website: organization?.website ?? null,
    },
    assistantName: assistant?.name ?? "Assistant",
    // As if the assistant had greeted already: a question is answered, not greeted.
    window: [
      {
        id: crypto.randomUUID(),
        role: "assistant",
        content: "",
        agentId: null,
        userId: null,
        sentAt: now,
        metadata: {},
      },
    ],
    handoverThreshold: asNumber(threshold?.value, defaultHandoverThreshold),
    startedAt: now,
  });
  const search = knowledgeSearcher(env, organizationId);
  const turn = await analyseTurn(
    { responderFor: () => builtinResponder, search: (q, language) => search(q, language) },
    state,
    question,
  );
  return {
    reply: turn.output.content,
    handover: turn.output.handover,
    confidence: turn.output.confidence,
    intent: turn.intent,
    language: turn.language,
    threshold: state.handoverThreshold,
    sources: turn.output.sources.map((hit) => ({ id: hit.id, title: hit.title, score: hit.score })),
  };
}
