import { createDb, schema } from "@frontdesk/db";
import { createApi, type IdentityVariables, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, asc, between, eq } from "drizzle-orm";
import type { EventsEnv } from "../env.ts";
import { adsReport, projectsReport } from "./attribution-reports.ts";

const isoDate = z.iso.date();
const range = z
  .object({
    from: isoDate.openapi({ description: "First day (the organization's calendar), inclusive." }),
    to: isoDate.openapi({ description: "Last day, inclusive; at most 366 days after `from`." }),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    path: ["to"],
    message: "the range may span at most 366 days",
  });

const daySchema = z
  .object({
    date: isoDate,
    totalConversations: z.number().int(),
    aiResolvedConversations: z.number().int(),
    agentResolvedConversations: z.number().int(),
    totalMessages: z.number().int(),
    avgResponseTimeSeconds: z.number().nullable(),
    avgResolutionTimeSeconds: z.number().nullable(),
    avgSatisfactionScore: z.number().nullable(),
    channelMetrics: z.record(z.string(), z.unknown()),
    updatedAt: z.string(),
  })
  .openapi("AnalyticsDay");

const eventCountsSchema = z
  .object({
    totals: z.array(z.object({ eventType: z.string(), count: z.number().int() })),
    days: z.array(z.object({ date: isoDate, eventType: z.string(), count: z.number().int() })),
  })
  .openapi("EventCounts");

const security = [{ bearer: [] }];

const daily = createRoute({
  method: "get",
  path: "/daily",
  summary: "Daily analytics (rolled up every 10 minutes; `pnpm analytics:backfill` recomputes a range)",
  security,
  request: { query: range },
  responses: {
    200: {
      description: "One row per day that has been rolled up",
      content: { "application/json": { schema: z.object({ data: z.array(daySchema) }) } },
    },
    ...problemResponses,
  },
});

const eventCounts = createRoute({
  method: "get",
  path: "/events",
  summary: "Event counts by type over a range of days, and per day",
  security,
  request: { query: range },
  responses: {
    200: { description: "Counts", content: { "application/json": { schema: eventCountsSchema } } },
    ...problemResponses,
  },
});

const adsRoute = createRoute({
  method: "get",
  path: "/ads",
  summary: "What each ad asset brought: conversations, customers, leads, bookings and conversions",
  security,
  request: { query: range },
  responses: {
    200: {
      description: "One row per ad asset, most conversations first",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(
              z
                .object({
                  adAssetId: z.uuid(),
                  title: z.string(),
                  platform: z.string().nullable(),
                  status: z.string(),
                  conversations: z.number().int(),
                  customers: z.number().int(),
                  leads: z.number().int(),
                  bookings: z.number().int(),
                  conversions: z
                    .number()
                    .int()
                    .openapi({ description: "Converted leads plus confirmed or completed bookings." }),
                })
                .openapi("AdAnalytics"),
            ),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const projectsRoute = createRoute({
  method: "get",
  path: "/projects",
  summary: "Conversations split by project (assistant)",
  security,
  request: { query: range },
  responses: {
    200: {
      description: "One row per project, and one for conversations of no project",
      content: {
        "application/json": {
          schema: z.object({
            data: z.array(
              z
                .object({
                  projectId: z.uuid().nullable(),
                  name: z.string(),
                  conversations: z.number().int(),
                  aiResolved: z.number().int(),
                  handedOver: z.number().int(),
                  messages: z.number().int(),
                  averageCsat: z.number().nullable(),
                })
                .openapi("ProjectAnalytics"),
            ),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

/** `/v1/analytics`: the rolled-up figures of the caller's organization. */
export const analytics = createApi<{ Bindings: EventsEnv; Variables: IdentityVariables }>()
  .openapi(daily, async (c) => {
    requireScope(c.var.identity, "analytics:read");
    const { from, to } = c.req.valid("query");
    const t = schema.analyticsDaily;
    const rows = await createDb(c.env)
      .select()
      .from(t)
      .where(and(eq(t.organizationId, c.var.identity.organizationId), between(t.date, from, to)))
      .orderBy(asc(t.date));
    return c.json(
      {
        data: rows.map((row) => ({
          date: row.date,
          totalConversations: row.totalConversations,
          aiResolvedConversations: row.aiResolvedConversations,
          agentResolvedConversations: row.agentResolvedConversations,
          totalMessages: row.totalMessages,
          avgResponseTimeSeconds: row.avgResponseTimeSeconds,
          avgResolutionTimeSeconds: row.avgResolutionTimeSeconds,
          avgSatisfactionScore: row.avgSatisfactionScore,
          channelMetrics: row.channelMetrics,
          updatedAt: row.updatedAt.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(eventCounts, async (c) => {
    requireScope(c.var.identity, "analytics:read");
    const { from, to } = c.req.valid("query");
    const t = schema.analyticsEventCounts;
    const rows = await createDb(c.env)
      .select({ date: t.date, eventType: t.eventType, count: t.eventCount })
      .from(t)
      .where(and(eq(t.organizationId, c.var.identity.organizationId), between(t.date, from, to)))
      .orderBy(asc(t.date), asc(t.eventType));
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.eventType, (totals.get(row.eventType) ?? 0) + row.count);
    return c.json(
      {
        totals: [...totals]
          .map(([eventType, count]) => ({ eventType, count }))
          .sort((a, b) => b.count - a.count || a.eventType.localeCompare(b.eventType)),
        days: rows,
      },
      200,
    );
  })
  .openapi(adsRoute, async (c) => {
    requireScope(c.var.identity, "analytics:read");
    const { from, to } = c.req.valid("query");
    return c.json({ data: await adsReport(createDb(c.env), c.var.identity.organizationId, from, to) }, 200);
  })
  .openapi(projectsRoute, async (c) => {
    requireScope(c.var.identity, "analytics:read");
    const { from, to } = c.req.valid("query");
    return c.json({ data: await projectsReport(createDb(c.env), c.var.identity.organizationId, from, to) }, 200);
  });
