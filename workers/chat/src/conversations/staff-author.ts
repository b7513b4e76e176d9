import { createDb, schema } from "@frontdesk/db";
import { type IdentityVariables, ProblemError } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import type { StaffAuthor } from "../session/session-context.ts";

/** The human agent a staff login or an API key (naming one) speaks as. */
export async function staffAuthor(
  env: ChatEnv,
  identity: IdentityVariables["identity"],
  agentId?: string,
): Promise<StaffAuthor> {
  const t = schema.agents;
  const byUser = identity.principal === "user";
  if (!byUser && !agentId) return { agentId: null, userId: null, name: null };
  const [agent] = await createDb(env)
    .select({ id: t.id, userId: t.userId, name: t.displayName })
    .from(t)
    .where(
      and(
        eq(t.organizationId, identity.organizationId),
        eq(t.kind, "human"),
        byUser ? eq(t.userId, identity.subjectId) : eq(t.id, agentId ?? ""),
      ),
    );
  if (!agent && !byUser)
    throw new ProblemError("validation-failed", "agentId: no such human agent in this organization.");
  return {
    agentId: agent?.id ?? null,
    userId: byUser ? identity.subjectId : (agent?.userId ?? null),
    name: agent?.name ?? null,
  };
}
