import { createApi, type IdentityVariables, problemResponses, requireScope } from "@frontdesk/http";
import { createRoute } from "@hono/zod-openapi";
import type { EventsEnv } from "../env.ts";
import { ingestResult, nativeBatch } from "../ingest/event-schema.ts";
import { ingest } from "../ingest/ingest.ts";
import { validateNative } from "../ingest/validate-batch.ts";

const result = { content: { "application/json": { schema: ingestResult } } };

const send = createRoute({
  method: "post",
  path: "/",
  summary: "Send a batch of events (at most 2,500; each at most 32 KB)",
  description:
    "Exactly once per messageId: a retried batch stores nothing twice. Invalid events are listed in `rejected`; the valid ones are kept.",
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: nativeBatch } }, required: true } },
  responses: {
    200: { description: "Stored", ...result },
    202: { description: "Large batch: queued, stored within seconds", ...result },
    ...problemResponses,
  },
});

/** `/v1/events`: Frontdesk's own batch endpoint. */
export const events = createApi<{ Bindings: EventsEnv; Variables: IdentityVariables }>().openapi(send, async (c) => {
  requireScope(c.var.identity, "events:write");
  const body = c.req.valid("json");
  const { status, body: outcome } = await ingest(
    c.env,
    validateNative(body.events, {
      organizationId: c.var.identity.organizationId,
      receivedAt: new Date(),
      sentAt: body.sentAt,
    }),
  );
  return c.json(outcome, status);
});
