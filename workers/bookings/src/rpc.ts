import { WorkerEntrypoint } from "cloudflare:workers";
import { bookingsContract } from "@frontdesk/contracts/bookings";
import { createDb, schema } from "@frontdesk/db";
import { type RpcServer, requireScope, serveRpc } from "@frontdesk/http";
import { asc, eq } from "drizzle-orm";
import {
  type BookingsCaller,
  changeStatus,
  createBooking,
  openSlots,
  rescheduleBooking,
} from "./bookings/operations.ts";
import type { BookingsEnv } from "./env.ts";

type Contract = typeof bookingsContract;

/**
 * The bookings worker as other workers call it (the tools worker's booking tools), over a service
 * binding with `entrypoint = "BookingsService"`: the operations of the public routes, as the caller
 * whose identity is passed, checked by the same scopes.
 */
export class BookingsService extends WorkerEntrypoint<BookingsEnv> implements RpcServer<Contract> {
  private caller(identity: BookingsCaller["identity"]): BookingsCaller {
    return { env: this.env, ctx: this.ctx, identity };
  }

  meetingTypes(input: unknown) {
    return serveRpc(bookingsContract.meetingTypes, input, async ({ identity }) => {
      requireScope(identity, "config:read");
      const t = schema.meetingTypes;
      const data = await createDb(this.env)
        .select({ slug: t.slug, name: t.name, description: t.description, isActive: t.isActive })
        .from(t)
        .where(eq(t.organizationId, identity.organizationId))
        .orderBy(asc(t.name))
        .limit(100);
      return { data };
    });
  }

  availability(input: unknown) {
    return serveRpc(bookingsContract.availability, input, ({ identity, ...query }) =>
      openSlots(this.caller(identity), query),
    );
  }

  createBooking(input: unknown) {
    return serveRpc(bookingsContract.createBooking, input, async ({ identity, ...body }) => ({
      booking: await createBooking(this.caller(identity), body),
    }));
  }

  rescheduleBooking(input: unknown) {
    return serveRpc(bookingsContract.rescheduleBooking, input, async ({ identity, bookingId, startsAt, reason }) => ({
      booking: await rescheduleBooking(this.caller(identity), bookingId, startsAt, reason),
    }));
  }

  cancelBooking(input: unknown) {
    return serveRpc(bookingsContract.cancelBooking, input, async ({ identity, bookingId, reason }) => ({
      booking: await changeStatus(this.caller(identity), bookingId, "cancelled", reason),
    }));
  }
}
