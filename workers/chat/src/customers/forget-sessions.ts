import { type Database, schema } from "@frontdesk/db";
import { and, eq, ne } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { sessionContext } from "../session/stub.ts";

/** The cached contexts of these conversations are rebuilt from Postgres on their next turn. */
export async function forgetSessions(env: ChatEnv, conversationIds: readonly string[] | undefined): Promise<void> {
  await Promise.all((conversationIds ?? []).map((id) => sessionContext(env, id).forget()));
}

/** After a customer's memories or profile changed: their open conversations stop using the old copy. */
export async function forgetCustomerSessions(
  env: ChatEnv,
  db: Database,
  organizationId: string,
  customerId: string,
): Promise<void> {
  const v = schema.conversations;
  const open = await db
    .select({ id: v.id })
    .from(v)
    .where(and(eq(v.organizationId, organizationId), eq(v.customerId, customerId), ne(v.status, "closed")));
  await forgetSessions(
    env,
    open.map((row) => row.id),
  );
}
