import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import {
  actorLabel,
  actorOf,
  auditEntry,
  configApp,
  configRoutes,
  createApi,
  type IdentityVariables,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { publishStatements } from "../simulations/publish.ts";
import { runSimulations, type SuiteResult } from "../simulations/run.ts";
import { caseResult, knowledgeGuardSchema, pipelineDraft, simulationTurns } from "../simulations/schemas.ts";

const security = [{ bearer: [] }];

const caseSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    projectId: z.uuid().nullable(),
    turns: simulationTurns,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SimulationCase");

type CaseRow = typeof schema.simulationCases.$inferSelect;

const caseFields = {
  name: z.string().trim().min(1).max(200),
  projectId: z
    .uuid()
    .nullable()
    .openapi({ description: "The project whose pipeline the case tests; null: the organization's own." }),
  turns: simulationTurns.openapi({ description: "Customer messages, each with what the reply must show." }),
};

/** Test conversations (`/v1/simulations/cases`): what the assistant must keep doing. */
const cases = configRoutes(configApp<ChatEnv>(), {
  table: schema.simulationCases,
  label: "simulation case",
  resource: "simulation_case",
  key: "case",
  view: caseSchema,
  toView: (row: CaseRow) => ({
    id: row.id,
    name: row.name,
    projectId: row.projectId,
    // Stored through this API, so valid; a row written otherwise shows no turns rather than failing the list.
    turns: simulationTurns.safeParse(row.turns).data ?? [],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z.object(caseFields).partial({ projectId: true }).strict(),
  updateBody: z.object(caseFields).partial().strict(),
  refusal: (code) => {
    if (code === "23503")
      return new ProblemError("validation-failed", "The project named is not in this organization.");
    if (code === "23505") return new ProblemError("conflict", "A simulation case with this name already exists.");
    return undefined;
  },
});

const runSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid().nullable(),
    passed: z.number().int(),
    failed: z.number().int(),
    passRate: z.number().nullable().openapi({ description: "passed / (passed + failed); null with no cases." }),
    published: z.boolean(),
    actor: z.string(),
    results: z.array(caseResult),
    knowledge: knowledgeGuardSchema.nullable(),
    createdAt: z.string(),
  })
  .openapi("SimulationRun");

type RunRow = typeof schema.simulationRuns.$inferSelect;

const toRun = (row: RunRow): z.infer<typeof runSchema> => ({
  id: row.id,
  projectId: row.projectId,
  passed: row.passed,
  failed: row.failed,
  passRate: row.passed + row.failed > 0 ? row.passed / (row.passed + row.failed) : null,
  published: row.published,
  actor: row.actor,
  results: z.array(caseResult).safeParse(row.results).data ?? [],
  knowledge: knowledgeGuardSchema.safeParse(row.knowledgeGuard).data ?? null,
  createdAt: row.createdAt.toISOString(),
});

const runBody = z
  .object({
    draft: pipelineDraft.optional().openapi({ description: "The changes to try; absent: the live pipeline." }),
    caseIds: z.array(z.uuid()).min(1).max(200).optional().openapi({ description: "Only these cases." }),
  })
  .strict();

const publishBody = z
  .object({
    draft: pipelineDraft,
    requirePassing: z
      .boolean()
      .default(true)
      .openapi({ description: "Publish only when every case of the pipeline passes (and it has at least one)." }),
  })
  .strict();

const runResponse = {
  content: { "application/json": { schema: z.object({ run: runSchema }) } },
};

const runRoute = createRoute({
  method: "post",
  path: "/run",
  summary: "Run the simulation cases against a draft (dry: tools rehearse, nothing live changes)",
  security,
  request: { body: { content: { "application/json": { schema: runBody } }, required: true } },
  responses: { 200: { description: "The run, case by case, with transcripts", ...runResponse }, ...problemResponses },
});

const publishRoute = createRoute({
  method: "post",
  path: "/publish",
  summary:
    "Publish a draft: its stages, templates (new versions) and knowledge, if its simulations and every knowledge entry's built-in case pass",
  security,
  request: { body: { content: { "application/json": { schema: publishBody } }, required: true } },
  responses: {
    200: { description: "Published, with the run that allowed it", ...runResponse },
    409: {
      description: "A simulation failed (the problem carries the run); nothing was published",
      content: { "application/problem+json": { schema: z.object({ run: runSchema }).passthrough() } },
    },
    ...problemResponses,
  },
});

const runsRoute = createRoute({
  method: "get",
  path: "/runs",
  summary: "Simulation runs, newest first",
  security,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of runs", content: { "application/json": { schema: pageSchema(runSchema) } } },
    ...problemResponses,
  },
});

const oneRunRoute = createRoute({
  method: "get",
  path: "/runs/{id}",
  summary: "One simulation run",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The run", ...runResponse }, 404: notFoundResponse, ...problemResponses },
});

/** The row of a finished run. */
const runRow = (organizationId: string, actor: string, draft: z.infer<typeof pipelineDraft>, suite: SuiteResult) => ({
  id: crypto.randomUUID(),
  organizationId,
  projectId: draft.projectId ?? null,
  draft,
  passed: suite.passed,
  failed: suite.failed,
  results: suite.results,
  knowledgeGuard: { ...suite.knowledge },
  actor,
});

/**
 * Simulations (`/v1/simulations`): test conversations, runs of them against a draft of the
 * pipeline, and publishing a draft once they pass.
 */
export const simulations = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(runRoute, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { draft = {}, caseIds } = c.req.valid("json");
    const suite = await runSimulations(c.env, identity.organizationId, draft, caseIds);
    const [row] = await createDb(c.env)
      .insert(schema.simulationRuns)
      .values(runRow(identity.organizationId, actorLabel(identity), draft, suite))
      .returning();
    if (!row) throw new Error("insert returned no row");
    return c.json({ run: toRun(row) }, 200);
  })
  .openapi(publishRoute, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { draft, requirePassing } = c.req.valid("json");
    const db = createDb(c.env);
    const suite = await runSimulations(c.env, identity.organizationId, draft);
    const values = runRow(identity.organizationId, actorLabel(identity), draft, suite);
    const guard = suite.knowledge;
    if (requirePassing && (suite.failed > 0 || suite.passed === 0 || guard.failures.length > 0)) {
      const [row] = await db.insert(schema.simulationRuns).values(values).returning();
      if (!row) throw new Error("insert returned no row");
      throw new ProblemError(
        "conflict",
        suite.passed === 0 && suite.failed === 0
          ? "This pipeline has no simulation cases: add some, or publish with requirePassing false."
          : suite.failed > 0
            ? `${suite.failed} of ${suite.passed + suite.failed} simulation cases failed; nothing was published.`
            : `${guard.failures.length} of ${guard.questions} knowledge titles and example questions are not answered from their own entry; nothing was published.`,
        { run: toRun(row) },
      );
    }
    const statements = publishStatements(db, identity.organizationId, draft, suite.live);
    try {
      const results = await db.batch([
        db
          .insert(schema.simulationRuns)
          .values({ ...values, published: true })
          .returning(),
        ...statements,
        auditEntry(db, c.req.raw.headers, actorOf(identity), {
          organizationId: identity.organizationId,
          action: "publish",
          resource: "pipeline",
          resourceId: values.id,
          details: { projectId: values.projectId, passed: suite.passed, failed: suite.failed },
        }),
      ]);
      const [row] = results[0] as RunRow[];
      if (!row) throw new Error("insert returned no row");
      return c.json({ run: toRun(row) }, 200);
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === "23505")
        throw new ProblemError("conflict", "A new stage of the draft has the name of an existing stage.");
      if (code === "23503")
        throw new ProblemError("validation-failed", "The draft names an agent that is not in this organization.");
      throw error;
    }
  })
  .openapi(runsRoute, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:read");
    const result = await newestFirstPage(
      createDb(c.env),
      schema.simulationRuns,
      identity.organizationId,
      c.req.valid("query"),
    );
    return c.json({ data: result.data.map(toRun), nextCursor: result.nextCursor }, 200);
  })
  .openapi(oneRunRoute, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:read");
    const { id } = c.req.valid("param");
    const t = schema.simulationRuns;
    const [row] = await createDb(c.env)
      .select()
      .from(t)
      .where(and(eq(t.organizationId, identity.organizationId), eq(t.id, id)));
    if (!row) throw new ProblemError("not-found", "No such simulation run in this organization.");
    return c.json({ run: toRun(row) }, 200);
  });

simulations.route("/cases", cases);
