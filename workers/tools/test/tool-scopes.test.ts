import { exports } from "cloudflare:workers";
import { identityHeader } from "@frontdesk/http";
import { describe, expect, it } from "vitest";
import { londonTime, nextMidweekDay } from "../../../test/calendar-time.ts";
import { bookingOf, call, createDemoOrganization, createKey, startConversation } from "./support.ts";

const invoke = (key: string, name: string, body: Record<string, unknown>) =>
  call(`/v1/tools/${name}`, { method: "POST", token: key, json: body });

/** A booking made through the API key for the customer of `conversationId`. */
async function bookFor(key: string, conversationId: string, time: string): Promise<string> {
  const response = await invoke(key, "create_booking", {
    input: { meetingType: "repair-drop-off", startsAt: londonTime(nextMidweekDay(), time) },
    conversationId,
  });
  expect(response.status).toBe(200);
  return (await response.json<{ toolCall: { output: { booking: { id: string } } } }>()).toolCall.output.booking.id;
}

/** The tools worker as the assistant of a conversation calls it (a principal the gateway never forwards). */
const asAssistant = (organizationId: string, name: string, input: Record<string, unknown>, conversationId: string) =>
  exports.default.fetch(`https://tools.internal/v1/tools/${name}`, {
    method: "POST",
    headers: {
      [identityHeader]: JSON.stringify({
        organizationId,
        principal: "assistant",
        scopes: [
          "tools:invoke",
          "conversations:write",
          "bookings:read",
          "bookings:write",
          "tickets:read",
          "tickets:write",
        ],
        subjectId: "Nora",
      }),
      "content-type": "application/json",
    },
    body: JSON.stringify({ input, conversationId }),
  });

describe("tools need the scopes of their effect", () => {
  it("tools:invoke alone books, tickets and captures nothing", async () => {
    const { apiKey } = await createDemoOrganization();
    const invokeOnly = await createKey(apiKey.key, ["tools:invoke"]);
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "create_booking",
        { meetingType: "repair-drop-off", startsAt: londonTime(nextMidweekDay(), "11:00"), name: "X" },
        "bookings:write",
      ],
      ["create_ticket", { subject: "Broken", customerId: crypto.randomUUID() }, "tickets:write"],
      ["capture_lead", { name: "Lee", email: "lee@example.com" }, "conversations:write"],
    ];
    for (const [name, input, scope] of cases) {
      const response = await invoke(invokeOnly.key, name, { input });
      expect(response.status, name).toBe(403);
      expect(await response.json()).toMatchObject({ scopes: [scope] });
    }
    // Nothing ran, nothing was recorded.
    const calls = await (await call("/v1/tool-calls", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(calls.data).toEqual([]);
    const ticketer = await createKey(apiKey.key, ["tools:invoke", "tickets:write"]);
    const conversationId = await startConversation(apiKey.key, { name: "Tia" });
    expect((await invoke(ticketer.key, "create_ticket", { input: { subject: "Squeak" }, conversationId })).status).toBe(
      200,
    );
  });

  it("GET /v1/tool-calls shows only calls whose contents the caller could read", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversationId = await startConversation(apiKey.key, { name: "Ada" });
    const bookingId = await bookFor(apiKey.key, conversationId, "09:00");
    await invoke(apiKey.key, "create_ticket", { input: { subject: "Noise" }, conversationId });
    const ticketsReader = await createKey(apiKey.key, ["tools:invoke", "tickets:read"]);
    const seen = await (await call("/v1/tool-calls", { token: ticketsReader.key })).json<{
      data: { id: string; toolName: string }[];
    }>();
    expect(seen.data.map((row) => row.toolName)).toEqual(["create_ticket"]);
    const all = await (await call("/v1/tool-calls", { token: apiKey.key })).json<{
      data: { id: string; toolName: string }[];
    }>();
    const bookingCall = all.data.find((row) => row.toolName === "create_booking");
    expect(bookingCall).toBeDefined();
    expect((await call(`/v1/tool-calls/${bookingCall?.id}`, { token: ticketsReader.key })).status).toBe(404);
    expect(JSON.stringify(seen)).not.toContain(bookingId);
  });
});

describe("the assistant acts only for the customer it is talking to", () => {
  it("a customer who types another customer's booking id cannot move or cancel it", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const victimConversation = await startConversation(apiKey.key, { name: "Vic", email: "vic@example.com" });
    const attackerConversation = await startConversation(apiKey.key, { name: "Mal", email: "mal@example.com" });
    const victimBooking = await bookFor(apiKey.key, victimConversation, "10:00");
    const status = () => bookingOf(organization.id, victimBooking);
    const before = await status();
    const cancel = await asAssistant(
      organization.id,
      "cancel_booking",
      { bookingId: victimBooking },
      attackerConversation,
    );
    expect(cancel.status).toBe(404);
    const move = await asAssistant(
      organization.id,
      "reschedule_booking",
      { bookingId: victimBooking, startsAt: londonTime(nextMidweekDay(), "14:00") },
      attackerConversation,
    );
    expect(move.status).toBe(404);
    expect(await status()).toEqual(before);
    // The victim's own assistant may.
    const own = await asAssistant(organization.id, "cancel_booking", { bookingId: victimBooking }, victimConversation);
    expect(own.status).toBe(200);
    expect((await status()).status).toBe("cancelled");
  });

  it("nor another customer's ticket", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const victimConversation = await startConversation(apiKey.key, { name: "Vic" });
    const attackerConversation = await startConversation(apiKey.key, { name: "Mal" });
    const created = await invoke(apiKey.key, "create_ticket", {
      input: { subject: "Frame crack" },
      conversationId: victimConversation,
    });
    const ticketId = (await created.json<{ toolCall: { output: { ticket: { id: string } } } }>()).toolCall.output.ticket
      .id;
    const update = await asAssistant(
      organization.id,
      "update_ticket_status",
      { ticketId, status: "closed" },
      attackerConversation,
    );
    expect(update.status).toBe(404);
    const ticket = await (await call(`/v1/tickets/${ticketId}`, { token: apiKey.key })).json<{
      ticket: { status: string };
    }>();
    expect(ticket.ticket.status).toBe("new");
  });
});

describe("races and failures inside tools", () => {
  it("two captures for one new customer at once make one open lead", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversationId = await startConversation(apiKey.key, { name: "Kai" });
    const responses = await Promise.all(
      ["kai@example.com", "kai.work@example.com", "kai@home.example"].map((email) =>
        invoke(apiKey.key, "capture_lead", { input: { name: "Kai", email }, conversationId }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    const leads = await (await call("/v1/leads", { token: apiKey.key })).json<{ data: { id: string }[] }>();
    expect(leads.data).toHaveLength(1);
  });

  it("a database refusal inside a tool reaches the caller as a problem kind, never the driver's text", async () => {
    const { apiKey } = await createDemoOrganization();
    const response = await invoke(apiKey.key, "create_ticket", {
      input: { subject: "Nobody's ticket", customerId: crypto.randomUUID() },
    });
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(text).not.toMatch(/insert into|params|violates|tickets_/i);
  });
});
