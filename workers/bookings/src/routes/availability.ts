import { createDb } from "@frontdesk/db";
import { createApi, type IdentityVariables, ProblemError, problemResponses, requireScope } from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { loadCalendar } from "../availability/load-calendar.ts";
import { availableSlots } from "../availability/slots.ts";
import type { BookingsEnv } from "../env.ts";

const maxRangeDays = 62;

const query = z.object({
  from: z.iso.datetime({ offset: true }).openapi({ description: "Start of the range (ISO 8601)." }),
  to: z.iso
    .datetime({ offset: true })
    .openapi({ description: `End of the range; at most ${maxRangeDays} days after from.` }),
  meetingType: z.string().min(1).max(100).openapi({ description: "The meeting type's slug or id." }),
});

const slotSchema = z.object({ startsAt: z.string(), endsAt: z.string() }).openapi("Slot");

const availabilityRoute = createRoute({
  method: "get",
  path: "/",
  summary: "Open slots for a meeting type: opening hours, holidays, notice, buffers and existing bookings applied",
  security: [{ bearer: [] }],
  request: { query },
  responses: {
    200: {
      description: "Slots in the range, earliest first",
      content: {
        "application/json": {
          schema: z.object({
            timezone: z.string(),
            meetingType: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), durationMinutes: z.number() }),
            slots: z.array(slotSchema),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

export const availability = createApi<{ Bindings: BookingsEnv; Variables: IdentityVariables }>().openapi(
  availabilityRoute,
  async (c) => {
    requireScope(c.var.identity, "bookings:read");
    const params = c.req.valid("query");
    const from = new Date(params.from);
    const to = new Date(params.to);
    if (to <= from || to.getTime() - from.getTime() > maxRangeDays * 86_400_000) {
      throw new ProblemError("validation-failed", `to must be after from, and at most ${maxRangeDays} days later.`, {
        errors: [{ path: "to", message: "out of range" }],
      });
    }
    const { calendar, meetingType, rules } = await loadCalendar(
      createDb(c.env),
      c.var.identity.organizationId,
      params.meetingType,
      from,
      to,
    );
    const slots = availableSlots(calendar, rules, from, to, new Date());
    return c.json(
      {
        timezone: calendar.timezone,
        meetingType: {
          id: meetingType.id,
          slug: meetingType.slug,
          name: meetingType.name,
          durationMinutes: meetingType.durationMinutes,
        },
        slots: slots.map((slot) => ({ startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() })),
      },
      200,
    );
  },
);
