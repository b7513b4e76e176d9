import { describe, expect, it } from "vitest";
import { londonTime, nextMidweekDay } from "../../../test/calendar-time.ts";
import { call, createDemoOrganization, createKey } from "./support.ts";

interface Slots {
  timezone: string;
  slots: { startsAt: string; endsAt: string }[];
}

async function slots(key: string, meetingType: string, from: string, to: string): Promise<Slots> {
  const query = new URLSearchParams({ meetingType, from, to });
  const response = await call(`/v1/availability?${query}`, { token: key });
  expect(response.status).toBe(200);
  return response.json<Slots>();
}

async function book(key: string, body: Record<string, unknown>) {
  return call("/v1/bookings", { method: "POST", token: key, json: body });
}

async function meetingTypeId(key: string, slug: string): Promise<string> {
  const response = await call("/v1/meeting-types?limit=50", { token: key });
  const { data } = await response.json<{ data: { id: string; slug: string }[] }>();
  const found = data.find((type) => type.slug === slug);
  if (!found) throw new Error(`no meeting type ${slug}`);
  return found.id;
}

describe("availability", () => {
  it("offers slots inside opening hours in the business's time zone, on the meeting type's grid", async () => {
    const { apiKey } = await createDemoOrganization();
    const day = nextMidweekDay();
    const result = await slots(apiKey.key, "bike-fitting", londonTime(day, "00:00"), londonTime(day, "23:59"));
    expect(result.timezone).toBe("Europe/London");
    // 09:00 to 18:00, 60-minute fittings every 15 minutes: the last one starts at 17:00.
    expect(result.slots[0]?.startsAt).toBe(londonTime(day, "09:00"));
    expect(result.slots.at(-1)?.startsAt).toBe(londonTime(day, "17:00"));
    expect(result.slots).toHaveLength(33);
    expect(result.slots[1]?.startsAt).toBe(londonTime(day, "09:15"));
  });

  it("stays on the local wall clock across a daylight-saving change, and never offers the skipped hour", async () => {
    const { apiKey } = await createDemoOrganization();
    const fitting = await meetingTypeId(apiKey.key, "bike-fitting");
    const patched = await call(`/v1/meeting-types/${fitting}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { maxAdvanceDays: 730, slotIntervalMinutes: 60, bufferAfterMinutes: 0 },
    });
    expect(patched.status).toBe(200);
    // Open through the night of the change (Sunday 28 March 2027, 01:00 GMT -> 02:00 BST).
    const sunday = await call("/v1/business-hours", {
      method: "POST",
      token: apiKey.key,
      json: { dayOfWeek: 0, opensAt: "00:00", closesAt: "04:00" },
    });
    expect(sunday.status).toBe(201);
    const night = await slots(apiKey.key, "bike-fitting", "2027-03-28T00:00:00Z", "2027-03-28T12:00:00Z");
    // Local 00:00-04:00 is only three real hours that night.
    expect(night.slots.map((slot) => slot.startsAt)).toEqual([
      "2027-03-28T00:00:00.000Z",
      "2027-03-28T01:00:00.000Z",
      "2027-03-28T02:00:00.000Z",
    ]);
    const friday = await slots(apiKey.key, "bike-fitting", "2027-03-26T00:00:00Z", "2027-03-27T00:00:00Z");
    const monday = await slots(apiKey.key, "bike-fitting", "2027-03-29T00:00:00Z", "2027-03-30T00:00:00Z");
    expect(friday.slots[0]?.startsAt).toBe("2027-03-26T09:00:00.000Z"); // 09:00 GMT
    expect(monday.slots[0]?.startsAt).toBe("2027-03-29T08:00:00.000Z"); // 09:00 BST
  });

  it("keeps the meeting type's buffers clear around a booking, and offers nothing on a holiday", async () => {
    const { apiKey } = await createDemoOrganization();
    const day = nextMidweekDay();
    const created = await book(apiKey.key, {
      meetingType: "bike-fitting",
      startsAt: londonTime(day, "10:00"),
      customer: { name: "Ada", email: "ada@example.com" },
    });
    expect(created.status).toBe(201);
    const starts = (
      await slots(apiKey.key, "bike-fitting", londonTime(day, "00:00"), londonTime(day, "23:59"))
    ).slots.map((slot) => slot.startsAt);
    // 60 minutes plus 15 after: 09:00 would run into it, 11:00 into its buffer; 11:15 is free.
    expect(starts).not.toContain(londonTime(day, "09:00"));
    expect(starts).not.toContain(londonTime(day, "10:45"));
    expect(starts).not.toContain(londonTime(day, "11:00"));
    expect(starts[0]).toBe(londonTime(day, "11:15"));
    // A slot inside the buffer is refused by the database too, not only hidden.
    const inBuffer = await book(apiKey.key, {
      meetingType: "bike-fitting",
      startsAt: londonTime(day, "11:00"),
      customer: { email: "bo@example.com" },
    });
    expect(inBuffer.status).toBe(409);

    const holiday = await call("/v1/holidays", {
      method: "POST",
      token: apiKey.key,
      json: { date: day, name: "Closed" },
    });
    expect(holiday.status).toBe(201);
    expect(
      (await slots(apiKey.key, "repair-drop-off", londonTime(day, "00:00"), londonTime(day, "23:59"))).slots,
    ).toEqual([]);
  });

  it("refuses a start the business does not offer, and an unknown meeting type", async () => {
    const { apiKey } = await createDemoOrganization();
    const day = nextMidweekDay();
    for (const startsAt of [londonTime(day, "07:00"), londonTime(day, "09:05"), new Date().toISOString()]) {
      const response = await book(apiKey.key, { meetingType: "repair-drop-off", startsAt, customer: { name: "Al" } });
      expect(response.status).toBe(422);
      expect((await response.json<{ type: string }>()).type).toMatch(/slot-unavailable$/);
    }
    const unknown = await call(
      `/v1/availability?${new URLSearchParams({ meetingType: "massage", from: londonTime(day, "00:00"), to: londonTime(day, "23:00") })}`,
      { token: apiKey.key },
    );
    expect(unknown.status).toBe(400);
    const list = await call("/v1/bookings", { token: apiKey.key });
    expect((await list.json<{ data: unknown[] }>()).data).toEqual([]);
  });
});

describe("bookings", () => {
  it("50 simultaneous requests for one slot: exactly one is booked, the others get 409 with the slot", async () => {
    const { apiKey } = await createDemoOrganization();
    const startsAt = londonTime(nextMidweekDay(4), "14:00");
    // Each answer is read as it arrives: 50 unread bodies left open at once would hold 50 streams.
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const response = await book(apiKey.key, {
          meetingType: "repair-drop-off",
          startsAt,
          customer: { email: `rider${index}@example.com` },
          confirm: true,
        });
        return {
          status: response.status,
          body: await response.json<{ type?: string; conflict?: { startsAt: string } }>(),
        };
      }),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body.type).toMatch(/booking-conflict$/);
      expect(refused.body.conflict?.startsAt).toBe(startsAt);
    }
    const list = await call("/v1/bookings?status=confirmed", { token: apiKey.key });
    expect((await list.json<{ data: unknown[] }>()).data).toHaveLength(1);
  });

  it("moves through requested -> confirmed -> rescheduled -> cancelled with a history, and refuses what the status forbids", async () => {
    const { apiKey } = await createDemoOrganization();
    const day = nextMidweekDay();
    const created = await book(apiKey.key, {
      meetingType: "repair-drop-off",
      startsAt: londonTime(day, "09:30"),
      customer: { name: "Cy", email: "cy@example.com" },
      notes: "Creaking bottom bracket",
    });
    const { booking } = await created.json<{ booking: { id: string; status: string; sequence: number } }>();
    expect(booking).toMatchObject({ status: "requested", sequence: 0 });
    const act = (path: string, json: Record<string, unknown> = {}) =>
      call(`/v1/bookings/${booking.id}/${path}`, { method: "POST", token: apiKey.key, json });

    expect((await (await act("confirm")).json<{ booking: { status: string } }>()).booking.status).toBe("confirmed");
    const moved = await act("reschedule", { startsAt: londonTime(day, "11:00"), reason: "Customer asked" });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      booking: { status: "confirmed", startsAt: londonTime(day, "11:00"), sequence: 2 },
    });
    // The old time is free again, the new one is not.
    const starts = (
      await slots(apiKey.key, "repair-drop-off", londonTime(day, "09:00"), londonTime(day, "12:00"))
    ).slots.map((slot) => slot.startsAt);
    expect(starts).toContain(londonTime(day, "09:30"));
    expect(starts).not.toContain(londonTime(day, "11:00"));

    expect((await act("cancel", { reason: "Fixed it myself" })).status).toBe(200);
    const complete = await act("complete");
    expect(complete.status).toBe(409);
    expect((await complete.json<{ type: string }>()).type).toMatch(/invalid-transition$/);
    expect((await act("reschedule", { startsAt: londonTime(day, "12:00") })).status).toBe(409);

    const history = await call(`/v1/bookings/${booking.id}/history`, { token: apiKey.key });
    const { data } = await history.json<{
      data: { action: string; newStatus: string; sequence: number; reason: string | null }[];
    }>();
    expect(data.map((change) => [change.action, change.newStatus, change.sequence])).toEqual([
      ["created", "requested", 0],
      ["confirmed", "confirmed", 1],
      ["rescheduled", "confirmed", 2],
      ["cancelled", "cancelled", 3],
    ]);
    expect(data[3]?.reason).toBe("Fixed it myself");
  });

  it("keeps tenants apart: another organization's booking is 404 and its slot is free here", async () => {
    const a = await createDemoOrganization();
    const b = await createDemoOrganization();
    const startsAt = londonTime(nextMidweekDay(), "15:00");
    const created = await book(b.apiKey.key, { meetingType: "repair-drop-off", startsAt, customer: { name: "B" } });
    const { booking } = await created.json<{ booking: { id: string } }>();
    expect((await call(`/v1/bookings/${booking.id}`, { token: a.apiKey.key })).status).toBe(404);
    expect(
      (await call(`/v1/bookings/${booking.id}/cancel`, { method: "POST", token: a.apiKey.key, json: {} })).status,
    ).toBe(404);
    expect(
      (await book(a.apiKey.key, { meetingType: "repair-drop-off", startsAt, customer: { name: "A" } })).status,
    ).toBe(201);
    const still = await call(`/v1/bookings/${booking.id}`, { token: b.apiKey.key });
    expect((await still.json<{ booking: { status: string } }>()).booking.status).toBe("requested");
  });

  it("needs the bookings scopes", async () => {
    const { apiKey } = await createDemoOrganization();
    const reader = await createKey(apiKey.key, ["conversations:read"]);
    const day = nextMidweekDay();
    const query = new URLSearchParams({
      meetingType: "repair-drop-off",
      from: londonTime(day, "00:00"),
      to: londonTime(day, "23:00"),
    });
    expect((await call(`/v1/availability?${query}`, { token: reader.key })).status).toBe(403);
    const denied = await book(reader.key, {
      meetingType: "repair-drop-off",
      startsAt: londonTime(day, "09:00"),
      customer: { name: "Di" },
    });
    expect(denied.status).toBe(403);
    expect((await (await call("/v1/bookings", { token: apiKey.key })).json<{ data: unknown[] }>()).data).toEqual([]);
  });
});
