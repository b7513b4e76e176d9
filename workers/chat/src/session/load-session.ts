import { type Database, schema } from "@frontdesk/db";
import { and, desc, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  type SessionMessage,
  type SessionState,
  sessionStateVersion,
  toMetadata,
  windowSize,
} from "../conversation/state.ts";
import { defaultSuggestionThreshold } from "../engine/suggestions.ts";
import { escalationPhrasesQuery } from "./escalation-query.ts";
import { fallbackAgent, stagesQuery, toStageInfo } from "./stage-query.ts";

export const defaultHandoverThreshold = 0.45;
const defaultIdleCloseMinutes = 30;
/** How many long-term memories a conversation starts with. */
const recalledMemories = 20;

export const asNumber = (value: unknown, fallback: number) =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

/** The fields the last reply asked for, if the last message is that reply. */
function askedBy(last: SessionMessage | undefined): string[] {
  const asked = last?.role === "assistant" ? last.metadata.askedFor : undefined;
  return Array.isArray(asked) ? asked.filter((field): field is string => typeof field === "string") : [];
}

/**
 * Rebuilds a session from Postgres in one round trip (a batch of reads): the conversation and its
 * organization, the stages with their extraction templates, the last messages, the customer's
 * long-term memory, the chat settings, the escalation phrases and the models its knowledge is
 * embedded by. Undefined when the conversation is not the tenant's.
 */
export async function loadSession(
  db: Database,
  organizationId: string,
  conversationId: string,
): Promise<SessionState | undefined> {
  const c = schema.conversations;
  const m = schema.messages;
  const customer = schema.customers;
  const project = schema.projects;
  const projectAgent = alias(schema.agents, "project_agent");
  const conversationProject = sql`(select project_id from conversations where id = ${conversationId} and organization_id = ${organizationId})`;
  const k = schema.knowledgeEntries;
  const [conversations, stages, recent, memories, chatSettings, escalationPhrases, embeddingModels] = await db.batch([
    db
      .select({
        conversation: c,
        organizationName: schema.organizations.name,
        business: {
          phone: schema.organizations.phoneNumber,
          address: schema.organizations.address,
          website: schema.organizations.website,
        },
        customer: { name: customer.name, email: customer.email, phone: customer.phone },
        project: { persona: project.persona, knowledgeCategories: project.knowledgeCategories },
        projectAgent: { id: projectAgent.id, name: projectAgent.displayName, model: projectAgent.model },
      })
      .from(c)
      .innerJoin(schema.organizations, eq(schema.organizations.id, c.organizationId))
      .innerJoin(customer, eq(customer.id, c.customerId))
      .leftJoin(project, and(eq(project.organizationId, c.organizationId), eq(project.id, c.projectId)))
      .leftJoin(
        projectAgent,
        and(
          eq(projectAgent.organizationId, c.organizationId),
          eq(projectAgent.id, project.agentId),
          eq(projectAgent.kind, "ai"),
        ),
      )
      .where(and(eq(c.organizationId, organizationId), eq(c.id, conversationId))),
    stagesQuery(db, organizationId, conversationProject),
    db
      .select()
      .from(m)
      .where(and(eq(m.organizationId, organizationId), eq(m.conversationId, conversationId)))
      .orderBy(desc(m.sentAt), desc(m.id))
      .limit(windowSize),
    db
      .select({ key: schema.customerMemories.key, value: schema.customerMemories.value })
      .from(schema.customerMemories)
      .innerJoin(c, eq(c.customerId, schema.customerMemories.customerId))
      .where(
        and(
          eq(c.id, conversationId),
          eq(schema.customerMemories.organizationId, organizationId),
          eq(schema.customerMemories.kind, "long_term"),
          or(isNull(schema.customerMemories.expiresAt), gt(schema.customerMemories.expiresAt, sql`now()`)),
        ),
      )
      // Recall prefers what matters and what is recent; an expired memory is never recalled.
      .orderBy(desc(schema.customerMemories.importance), desc(schema.customerMemories.updatedAt))
      .limit(recalledMemories),
    db
      .select({ key: schema.settings.key, value: schema.settings.value })
      .from(schema.settings)
      .where(
        and(
          eq(schema.settings.organizationId, organizationId),
          eq(schema.settings.category, "chat"),
          inArray(schema.settings.key, [
            "handover_confidence_threshold",
            "suggestion_confidence_threshold",
            "idle_close_minutes",
          ]),
        ),
      ),
    escalationPhrasesQuery(db, organizationId),
    db
      .selectDistinct({ model: k.embeddingModel })
      .from(k)
      .where(and(eq(k.organizationId, organizationId), isNotNull(k.embeddingModel))),
  ]);
  const found = conversations[0];
  if (!found) return undefined;
  const { conversation } = found;
  const assistant = fallbackAgent(stages, found.projectAgent);
  const setting = (key: string) => chatSettings.find((row) => row.key === key)?.value;
  const window: SessionMessage[] = recent.reverse().map((row) => ({
    id: row.id,
    role: row.role,
    content: row.content,
    agentId: row.agentId,
    userId: row.userId,
    sentAt: row.sentAt.toISOString(),
    metadata: toMetadata(row.metadata),
  }));
  const extracted: Record<string, string> = {};
  for (const [key, value] of Object.entries(conversation.extractedData)) {
    if (typeof value === "string") extracted[key] = value;
  }
  // What the customer record says is known without asking; remembered facts may add to it.
  const memory: Record<string, string> = {};
  for (const [key, value] of Object.entries(found.customer)) if (value) memory[key] = value;
  for (const row of memories) if (typeof row.value === "string") memory[row.key] ??= row.value;
  return {
    version: sessionStateVersion,
    conversationId,
    organizationId,
    organizationName: found.organizationName,
    business: found.business,
    customerId: conversation.customerId,
    channelId: conversation.channelId,
    projectId: conversation.projectId,
    persona: found.project?.persona ?? null,
    knowledgeCategories: found.project?.knowledgeCategories ?? [],
    assistantName: assistant?.name ?? "Assistant",
    assistantModel: assistant?.model ?? null,
    agentId: conversation.agentId,
    status: conversation.status,
    stageId: conversation.stageId,
    stages: stages.map((row) => toStageInfo(row, assistant)),
    window,
    extracted,
    askedFor: askedBy(window[window.length - 1]),
    memory,
    language: conversation.language,
    handoverThreshold: asNumber(setting("handover_confidence_threshold"), defaultHandoverThreshold),
    escalationPhrases: escalationPhrases.rows,
    embeddingModels: embeddingModels.flatMap((row) => (row.model ? [row.model] : [])),
    priority: conversation.priority,
    suggestionThreshold: asNumber(setting("suggestion_confidence_threshold"), defaultSuggestionThreshold),
    idleCloseMinutes: asNumber(setting("idle_close_minutes"), defaultIdleCloseMinutes),
    handedOver: conversation.status === "waiting" || conversation.status === "with_agent",
    messageCount: conversation.messageCount,
    startedAt: conversation.startedAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
  };
}
