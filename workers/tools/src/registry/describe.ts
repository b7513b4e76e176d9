import type { ToolSpecView } from "@frontdesk/contracts/tools";
import { createDb, schema } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import { and, eq } from "drizzle-orm";
import type { ToolsEnv } from "../env.ts";
import { tools } from "./index.ts";

/** The tools named in the organization's `tools/require_confirmation` setting. */
async function confirmationList(env: ToolsEnv, organizationId: string): Promise<string[]> {
  const s = schema.settings;
  const [row] = await createDb(env)
    .select({ value: s.value })
    .from(s)
    .where(and(eq(s.organizationId, organizationId), eq(s.category, "tools"), eq(s.key, "require_confirmation")));
  return Array.isArray(row?.value) ? row.value.filter((name): name is string => typeof name === "string") : [];
}

/** Every tool as a language model (or an API client) is given it: JSON-schema input, description, confirmation. */
export async function describeTools(env: ToolsEnv, organizationId: string): Promise<ToolSpecView[]> {
  const confirm = await confirmationList(env, organizationId);
  return [...tools.values()].map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>,
    requiresConfirmation: confirm.includes(tool.name),
  }));
}
