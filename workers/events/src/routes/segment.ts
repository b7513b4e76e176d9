import { createApi, type IdentityVariables, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import type { EventsEnv } from "../env.ts";
import { type CallType, callTypes, ingestResult, segmentBatch } from "../ingest/event-schema.ts";
import { ingest } from "../ingest/ingest.ts";
import { validateSegment } from "../ingest/validate-batch.ts";

type App = { Bindings: EventsEnv; Variables: IdentityVariables };

const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { writeKey: [] }];
const result = { content: { "application/json": { schema: ingestResult } } };
const responses = {
  200: { description: "Stored", ...result },
  202: { description: "Large batch: queued, stored within seconds", ...result },
  ...problemResponses,
};

const batch = createRoute({
  method: "post",
  path: "/batch",
  summary: "Segment-compatible batch (what @segment/analytics-node sends)",
  description:
    "HTTP Basic auth with the API key as the write key. Segment's limits: 32 KB per event, 500 KB and 2,500 events per request; messageId (the dedupe key) under 100 characters.",
  security,
  request: { body: { content: { "application/json": { schema: segmentBatch } }, required: true } },
  responses,
});

const single = (type: CallType) =>
  createRoute({
    method: "post",
    path: `/${type}`,
    summary: `Segment-compatible ${type} call`,
    security,
    request: {
      body: { content: { "application/json": { schema: z.record(z.string(), z.unknown()) } }, required: true },
    },
    responses,
  });

/** The Segment HTTP Tracking API surface: `/v1/batch` and one route per call type. */
export const segment = createApi<App>().openapi(batch, async (c) => {
  requireScope(c.var.identity, "events:write");
  const body = c.req.valid("json");
  const { status, body: outcome } = await ingest(
    c.env,
    validateSegment(body.batch, {
      organizationId: c.var.identity.organizationId,
      receivedAt: new Date(),
      sentAt: body.sentAt,
      context: body.context,
    }),
  );
  return c.json(outcome, status);
});

for (const type of callTypes) {
  segment.openapi(single(type), async (c) => {
    requireScope(c.var.identity, "events:write");
    const event = c.req.valid("json");
    const { status, body: outcome } = await ingest(
      c.env,
      validateSegment([event], { organizationId: c.var.identity.organizationId, receivedAt: new Date() }, type),
    );
    return c.json(outcome, status);
  });
}
