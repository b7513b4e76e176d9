import ICAL from "ical.js";
import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it, vi } from "vitest";
import { londonTime, nextMidweekDay } from "../../../test/calendar-time.ts";
import { call, createDemoOrganization, inbox, type Received } from "./support.ts";

const receiver = inject("webhookReceiverUrl");

async function bookAt(key: string, time: string, day = nextMidweekDay()) {
  const response = await call("/v1/bookings", {
    method: "POST",
    token: key,
    json: {
      meetingType: "repair-drop-off",
      startsAt: londonTime(day, time),
      customer: { name: 'Eve; "Rider", Jr', email: "eve@example.com" },
    },
  });
  expect(response.status).toBe(201);
  return (await response.json<{ booking: { id: string } }>()).booking;
}

describe("the iCalendar feed", () => {
  it("lists bookings with stable UIDs, SEQUENCE bumped on change and cancellations marked, for a real parser", async () => {
    const { apiKey } = await createDemoOrganization();
    const kept = await bookAt(apiKey.key, "09:00");
    const cancelled = await bookAt(apiKey.key, "10:00");
    await call(`/v1/bookings/${kept.id}/confirm`, { method: "POST", token: apiKey.key, json: {} });
    await call(`/v1/bookings/${cancelled.id}/cancel`, { method: "POST", token: apiKey.key, json: {} });

    const created = await call("/v1/calendar-feeds", { method: "POST", token: apiKey.key, json: { name: "Workshop" } });
    expect(created.status).toBe(201);
    const { url, feed } = await created.json<{ url: string; feed: { id: string } }>();
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/calendar\/fdc_[A-Za-z0-9]{40}\.ics$/);

    const response = await call(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await response.text();
    expect(text.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const keptEvent = byUid.get(`${kept.id}@frontdesk.dev`);
    const cancelledEvent = byUid.get(`${cancelled.id}@frontdesk.dev`);
    expect(keptEvent?.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(keptEvent?.sequence).toBe(1);
    expect(keptEvent?.startDate.toJSDate().toISOString()).toBe(londonTime(nextMidweekDay(), "09:00"));
    expect(keptEvent?.summary).toContain('Eve; "Rider", Jr');
    expect(cancelledEvent?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelledEvent?.sequence).toBe(1);

    // The list never shows the URL again; a revoked feed stops working.
    const list = await call("/v1/calendar-feeds", { token: apiKey.key });
    expect(JSON.stringify(await list.json())).not.toContain(path.slice(10, 54));
    expect((await call(`/v1/calendar-feeds/${feed.id}`, { method: "DELETE", token: apiKey.key })).status).toBe(204);
    expect((await call(path)).status).toBe(404);
    expect((await call("/calendar/fdc_notarealtokennotarealtokennotarealtoke.ics")).status).toBe(404);
  });
});

describe("outgoing webhooks", () => {
  it("signs booking events per Standard Webhooks, verified by the reference library", async () => {
    const { apiKey } = await createDemoOrganization();
    const name = crypto.randomUUID();
    const registered = await call("/v1/webhook-endpoints", {
      method: "POST",
      token: apiKey.key,
      json: { url: `${receiver}/inbox/${name}`, eventTypes: ["booking.created", "booking.cancelled"] },
    });
    expect(registered.status).toBe(201);
    const { secret, endpoint } = await registered.json<{ secret: string; endpoint: { id: string } }>();
    expect(secret).toMatch(/^whsec_/);
    // The secret is never shown again.
    expect(
      JSON.stringify(await (await call(`/v1/webhook-endpoints/${endpoint.id}`, { token: apiKey.key })).json()),
    ).not.toContain(secret);

    const booking = await bookAt(apiKey.key, "13:00");
    await call(`/v1/bookings/${booking.id}/confirm`, { method: "POST", token: apiKey.key, json: {} }); // not subscribed
    await call(`/v1/bookings/${booking.id}/cancel`, { method: "POST", token: apiKey.key, json: { reason: "Ill" } });
    const deliveries = await inbox(name, 2);
    const verifier = new Webhook(secret);
    const events = deliveries.map(
      (delivery) =>
        verifier.verify(delivery.body, delivery.headers) as {
          type: string;
          data: { booking: { id: string; status: string } };
        },
    );
    expect(events.map((event) => event.type).sort()).toEqual(["booking.cancelled", "booking.created"]);
    expect(events.every((event) => event.data.booking.id === booking.id)).toBe(true);
    // A tampered body or another secret does not verify.
    const first = deliveries[0] as Received;
    expect(() => verifier.verify(`${first.body} `, first.headers)).toThrow();
    expect(() => new Webhook(`whsec_${btoa("another secret entirely!")}`).verify(first.body, first.headers)).toThrow();

    const log = await call(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { token: apiKey.key });
    const { data } = await log.json<{ data: { status: string; attempts: { responseStatus: number }[] }[] }>();
    expect(data).toHaveLength(2);
    expect(
      data.every((delivery) => delivery.status === "delivered" && delivery.attempts[0]?.responseStatus === 204),
    ).toBe(true);
  });

  it("logs a failed attempt and schedules a retry with the same webhook-id; a 410 disables the endpoint", async () => {
    const { apiKey } = await createDemoOrganization();
    const failing = crypto.randomUUID();
    const gone = crypto.randomUUID();
    const register = async (url: string) =>
      (
        await (
          await call("/v1/webhook-endpoints", { method: "POST", token: apiKey.key, json: { url } })
        ).json<{ endpoint: { id: string } }>()
      ).endpoint.id;
    const failingId = await register(`${receiver}/inbox/${failing}/fail/5`);
    const goneId = await register(`${receiver}/inbox/${gone}/gone`);
    await bookAt(apiKey.key, "15:00");
    await inbox(failing, 1);
    await inbox(gone, 1);

    // An attempt is logged once its answer is in (after the receiver saw it): a bounded wait for the log.
    const waitFor = (id: string, check: (body: never) => boolean) =>
      vi.waitFor(
        async () => {
          const body = await (
            await call(`/v1/webhook-endpoints/${id}/deliveries`, { token: apiKey.key })
          ).json<never>();
          if (!check(body)) throw new Error(`the delivery log has not settled: ${JSON.stringify(body)}`);
          return body;
        },
        { timeout: 10_000, interval: 50 },
      );
    const log = await waitFor(
      failingId,
      (body: { data: { attempts: unknown[] }[] }) => body.data[0]?.attempts.length === 1,
    );
    expect(log).toMatchObject({
      data: [{ status: "pending", attemptCount: 1, lastResponseStatus: 503, attempts: [{ responseStatus: 503 }] }],
    });
    const { data } = log as { data: { nextAttemptAt: string }[] };
    const delay = new Date(data[0]?.nextAttemptAt ?? 0).getTime() - Date.now();
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(10_000);

    await waitFor(goneId, (body: { data: { status: string }[] }) => body.data[0]?.status === "failed");
    const endpoint = await (await call(`/v1/webhook-endpoints/${goneId}`, { token: apiKey.key })).json();
    expect(endpoint).toMatchObject({ endpoint: { isActive: false, disabledReason: expect.stringContaining("410") } });
  });
});
