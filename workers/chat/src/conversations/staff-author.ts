import { createDb, schema } from "@frontdesk/db";
import { type IdentityVariables, ProblemError } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import type { StaffAuthor } from "../session/staff-actions.ts";

/** One of the organization's human agents: the one a staff user is, or one named by id. */
async function humanAgent(env: ChatEnv, organizationId: string, by: { userId: string } | { agentId: string }) {
  const t = schema.agents;
  const [agent] = await createDb(env)
    .select({ id: t.id, userId: t.userId, name: t.displayName })
    .from(t)
    .where(
      and(
        eq(t.organizationId, organizationId),
        eq(t.kind, "human"),
        "userId" in by ? eq(t.userId, by.userId) : eq(t.id, by.agentId),
      ),
    );
  return agent;
}

/** The human agent named by id, or 400 when the organization has none of that id. */
export async function namedAgent(env: ChatEnv, organizationId: string, agentId: string) {
  const agent = await humanAgent(env, organizationId, { agentId });
  if (!agent) throw new ProblemError("validation-failed", "agentId: no such human agent in this organization.");
  return agent;
}

/** The human agent a staff login or an API key (naming one) speaks as. */
export async function staffAuthor(
  env: ChatEnv,
  identity: IdentityVariables["identity"],
  agentId?: string,
): Promise<StaffAuthor> {
  if (identity.principal === "user") {
    const agent = await humanAgent(env, identity.organizationId, { userId: identity.subjectId });
    return { agentId: agent?.id ?? null, userId: identity.subjectId, name: agent?.name ?? null };
  }
  if (!agentId) return { agentId: null, userId: null, name: null };
  const agent = await namedAgent(env, identity.organizationId, agentId);
  return { agentId: agent.id, userId: agent.userId, name: agent.name };
}
