import { schema } from "@frontdesk/db";
import { agentAvailabilities, agentKinds, agentStatuses } from "@frontdesk/db/schema";
import { agentModelPattern, configApp, configRoutes, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { ChatEnv } from "../env.ts";

const agentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(agentKinds),
    userId: z.uuid().nullable(),
    displayName: z.string(),
    status: z.enum(agentStatuses),
    availability: z.enum(agentAvailabilities),
    maxConcurrentChats: z.number().int(),
    specialties: z.array(z.string()),
    model: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Agent");

const fields = {
  displayName: z.string().trim().min(1).max(100),
  status: z.enum(agentStatuses),
  availability: z.enum(agentAvailabilities),
  maxConcurrentChats: z.number().int().min(0).max(100),
  specialties: z.array(z.string().max(50)).max(30),
  model: z
    .string()
    .regex(agentModelPattern, "builtin, openai:<model>, or a Workers AI model (@cf/<author>/<name>)")
    .nullable(),
};

const createBody = z
  .object({ kind: z.enum(agentKinds), userId: z.uuid().optional(), ...fields })
  .partial({ status: true, availability: true, maxConcurrentChats: true, specialties: true, model: true })
  .strict()
  .refine((body) => (body.kind === "human") === (body.userId !== undefined), {
    message: "A human agent needs the userId of a staff user; an AI agent has none.",
    path: ["userId"],
  });

const updateBody = z.object(fields).partial().strict();

type AgentRow = typeof schema.agents.$inferSelect;

const toAgent = (row: AgentRow): z.infer<typeof agentSchema> => ({
  id: row.id,
  kind: row.kind,
  userId: row.userId,
  displayName: row.displayName,
  status: row.status,
  availability: row.availability,
  maxConcurrentChats: row.maxConcurrentChats,
  specialties: row.specialties,
  model: row.model,
  createdAt: row.createdAt.toISOString(),
});

/**
 * `/v1/agents`: the AI and human agents conversations are assigned to. The chat worker owns them,
 * with presence and assignment.
 */
export const agents = configRoutes(configApp<ChatEnv>(), {
  table: schema.agents,
  label: "agent",
  resource: "agent",
  key: "agent",
  view: agentSchema,
  toView: toAgent,
  createBody,
  updateBody,
  prepare: async (_env, body, row) => (row.creating ? { ...body, userId: body.userId ?? null } : body),
  // The composite foreign key refuses a user of another organization exactly like an unknown one.
  refusal: (code) =>
    code === "23503"
      ? new ProblemError("validation-failed", "userId: no such staff user in this organization.")
      : code === "23505"
        ? new ProblemError("conflict", "This staff user already has an agent.")
        : undefined,
});
