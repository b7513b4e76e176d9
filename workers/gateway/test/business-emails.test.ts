import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, inject, it } from "vitest";
import { londonTime, nextMidweekDay } from "../../../test/calendar-time.ts";
import { call, createDemoOrganization, provenEmailChannel, say, startConversation } from "./support.ts";

const receiver = inject("webhookReceiverUrl");

interface SentEmail {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  attachments?: { filename: string; type: string; content: string }[];
}

/**
 * The emails the email API (the test recorder) was asked to send to `to`, once there are `count`:
 * each wait is the recorder answering when another email arrives (bounded), never a timer of ours.
 */
async function emailsTo(to: string, count: number): Promise<SentEmail[]> {
  for (let round = 0; round < 30; round++) {
    const { deliveries } = await (await fetch(`${receiver}/inbox/provider-email`)).json<{
      deliveries: { body: string }[];
    }>();
    const mine = deliveries.map((d) => JSON.parse(d.body) as SentEmail).filter((email) => email.to === to);
    if (mine.length >= count) return mine;
    await fetch(`${receiver}/inbox/provider-email/wait/${deliveries.length + 1}`);
  }
  throw new Error(`${to} never got ${count} emails`);
}

const invite = (email: SentEmail | undefined) => {
  const ics = new TextDecoder().decode(
    Uint8Array.from(atob(email?.attachments?.[0]?.content ?? ""), (c) => c.charCodeAt(0)),
  );
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
  return { method: calendar.getFirstPropertyValue("method"), event };
};

describe("emails the business and its customers expect", () => {
  it("confirms a booking with an .ics invitation, re-sends it when moved and withdraws it when cancelled, each an email_sent event", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    await provenEmailChannel(apiKey.key, {
      name: "Northwind Cycles",
      config: { address: `hello-${crypto.randomUUID().slice(0, 8)}@northwind.test`, summaryTo: [] },
    });
    const customer = `rider-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const day = nextMidweekDay();
    const booked = await call("/v1/bookings", {
      method: "POST",
      token: apiKey.key,
      json: {
        meetingType: "repair-drop-off",
        startsAt: londonTime(day, "09:00"),
        customer: { name: "Rae Rider", email: customer },
        confirm: true,
      },
    });
    expect(booked.status).toBe(201);
    const { booking } = await booked.json<{ booking: { id: string } }>();
    const [confirmation] = await emailsTo(customer, 1);
    expect(confirmation?.subject).toContain("Your booking with Northwind Cycles");
    expect(confirmation?.attachments?.[0]).toMatchObject({
      filename: "booking.ics",
      type: expect.stringContaining("method=REQUEST"),
    });
    const first = invite(confirmation);
    expect(first.method).toBe("REQUEST");
    expect(first.event.uid).toBe(`${booking.id}@frontdesk.dev`);
    expect(first.event.startDate.toJSDate().toISOString()).toBe(londonTime(day, "09:00"));

    const moved = await call(`/v1/bookings/${booking.id}/reschedule`, {
      method: "POST",
      token: apiKey.key,
      json: { startsAt: londonTime(day, "11:00") },
    });
    expect(moved.status).toBe(200);
    const second = invite((await emailsTo(customer, 2))[1]);
    expect(second.method).toBe("REQUEST");
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(second.event.startDate.toJSDate().toISOString()).toBe(londonTime(day, "11:00"));

    await call(`/v1/bookings/${booking.id}/cancel`, { method: "POST", token: apiKey.key, json: {} });
    const cancelled = (await emailsTo(customer, 3))[2];
    expect(cancelled?.subject).toContain("cancelled");
    const third = invite(cancelled);
    expect(third.method).toBe("CANCEL");
    expect(third.event.component.getFirstPropertyValue("status")).toBe("CANCELLED");

    const events = await createDb(env).execute<{ purpose: string }>(sql`
      select properties ->> 'purpose' as purpose from analytics_events
      where organization_id = ${organization.id} and event_type = 'email_sent' order by occurred_at`);
    // Each is recorded once the email API took it (the last one may still be on its way here).
    expect(events.rows.map((row) => row.purpose)).toEqual(
      expect.arrayContaining(["booking_confirmation", "booking_rescheduled"]),
    );
  });

  it("sends the business a conversation's summary when it ends with a handover, and nothing for one that ends quietly", async () => {
    const { apiKey } = await createDemoOrganization();
    const owner = `owner-${crypto.randomUUID().slice(0, 8)}@northwind.test`;
    await provenEmailChannel(apiKey.key, {
      name: "Northwind",
      config: { address: `in-${owner}`, summaryTo: [owner] },
    });
    const quiet = await startConversation(apiKey.key, { name: "Quinn" });
    await say(apiKey.key, quiet, "What are your opening hours?");
    await call(`/v1/conversations/${quiet}/close`, { method: "POST", token: apiKey.key });
    const handed = await startConversation(apiKey.key, { name: "Hana", email: "hana@example.com" });
    await say(apiKey.key, handed, "My bike was stolen from your shop, I want to speak to a manager");
    await call(`/v1/conversations/${handed}/handover`, { method: "POST", token: apiKey.key, json: {} });
    await call(`/v1/conversations/${handed}/close`, { method: "POST", token: apiKey.key });
    const [summary] = await emailsTo(owner, 1);
    expect(summary?.subject).toBe("Conversation ended with a handover to your team");
    expect(summary?.text).toContain(`Conversation ${handed}`);
    // The quiet conversation (closed first) sent nothing: only the handover's summary arrived.
    expect(await emailsTo(owner, 1)).toHaveLength(1);
  });
});
