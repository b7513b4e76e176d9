import { createDb, schema } from "@frontdesk/db";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { agentPresence } from "../presence/stubs.ts";

/**
 * Picks the human agent for a handed-over conversation: among the organization's available human
 * agents, the online one with the most free capacity (the presence object decides atomically).
 * Null when nobody is online; the conversation then waits in the queue.
 */
export async function assignAgent(
  env: ChatEnv,
  organizationId: string,
  conversationId: string,
): Promise<string | null> {
  const t = schema.agents;
  const candidates = await createDb(env)
    .select({ agentId: t.id, maxConcurrentChats: t.maxConcurrentChats })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), eq(t.kind, "human"), eq(t.availability, "available")));
  if (candidates.length === 0) return null;
  return agentPresence(env, organizationId).claim(conversationId, candidates);
}
