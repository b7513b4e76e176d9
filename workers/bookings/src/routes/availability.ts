import { availabilityQuery, availabilitySchema } from "@frontdesk/contracts/bookings";
import { createApi, type IdentityVariables, problemResponses } from "@frontdesk/http";
import { createRoute } from "@hono/zod-openapi";
import { maxRangeDays, openSlots } from "../bookings/operations.ts";
import type { BookingsEnv } from "../env.ts";

const availabilityRoute = createRoute({
  method: "get",
  path: "/",
  summary: "Open slots for a meeting type: opening hours, holidays, notice, buffers and existing bookings applied",
  security: [{ bearer: [] }],
  request: {
    query: availabilityQuery.extend({
      to: availabilityQuery.shape.to.describe(`End of the range; at most ${maxRangeDays} days after from.`),
    }),
  },
  responses: {
    200: {
      description: "Slots in the range, earliest first",
      content: { "application/json": { schema: availabilitySchema } },
    },
    ...problemResponses,
  },
});

export const availability = createApi<{ Bindings: BookingsEnv; Variables: IdentityVariables }>().openapi(
  availabilityRoute,
  async (c) =>
    c.json(await openSlots({ env: c.env, ctx: c.executionCtx, identity: c.var.identity }, c.req.valid("query")), 200),
);
