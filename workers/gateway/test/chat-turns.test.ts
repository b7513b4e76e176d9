import { describe, expect, it } from "vitest";
import { call, createDemoOrganization, say, startConversation } from "./support.ts";

describe("a conversation with the demo business, through the gateway", () => {
  it("answers questions from the knowledge base, citing the entry it used", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key, { email: "jo@example.com", name: "Jo" });

    const hours = await say(apiKey.key, id, "What are your opening hours on Saturday?");
    expect(hours.message).toMatchObject({ role: "customer", content: "What are your opening hours on Saturday?" });
    expect(hours.reply?.role).toBe("assistant");
    expect(hours.reply?.content).toContain("Saturday from 10:00 to 16:00");
    expect(hours.reply?.metadata).toMatchObject({
      intent: "question",
      sources: [expect.objectContaining({ title: "What are your opening hours?" })],
      model: "builtin",
    });
    expect(hours.reply?.metadata.confidence).toBeGreaterThanOrEqual(0.45);
    expect(hours.reply?.metadata.inputTokens).toBeGreaterThan(0);
    expect(hours.reply?.metadata.outputTokens).toBeGreaterThan(0);

    const puncture = await say(apiKey.key, id, "How much does it cost to fix a puncture?");
    expect(puncture.reply?.metadata).toMatchObject({
      sources: [expect.objectContaining({ title: "How much is a puncture repair?" })],
    });
    expect(puncture.conversation).toMatchObject({ status: "active", stage: "support" });

    const history = await call(`/v1/conversations/${id}/messages`, { token: apiKey.key });
    const { data } = await history.json<{ data: { role: string; content: string }[] }>();
    // Newest first, as a chat window pages back through history.
    expect(data.map((message) => message.role)).toEqual(["assistant", "customer", "assistant", "customer"]);
    expect(data[3]?.content).toBe("What are your opening hours on Saturday?");
  });

  it("hands a question it cannot answer to a person, and stops answering for them", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key, { email: "kai@example.com" });
    const turn = await say(apiKey.key, id, "Can you recommend a good restaurant near the harbour for dinner?");
    expect(turn.reply?.metadata).toMatchObject({ handover: "low_confidence" });
    expect(turn.reply?.content).toMatch(/member of the Northwind Cycles team/);
    expect(turn.conversation.status).toBe("waiting");

    const next = await say(apiKey.key, id, "Hello? Anyone there?");
    expect(next.reply).toBeNull();
    const stored = await call(`/v1/conversations/${id}`, { token: apiKey.key });
    expect(await stored.json()).toMatchObject({ conversation: { status: "waiting", messageCount: 3 } });
  });

  it("hands over at once when the customer asks for a person", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key, { phone: "+44 7700 900123" });
    const turn = await say(apiKey.key, id, "I'd like to speak to a real person please");
    expect(turn.reply?.metadata).toMatchObject({ intent: "handover_request", handover: "customer_request" });
    expect(turn.conversation.status).toBe("waiting");
  });

  it("gathers a booking's details across turns, asking only for what is missing", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key, { externalId: "visitor-42" });
    const first = await say(apiKey.key, id, "Hi, I'd like to book a repair for my gravel bike");
    expect(first.conversation.stage).toBe("repair_booking");
    expect(first.conversation.extractedData).toEqual({ bike_type: "gravel" });
    expect(first.reply?.content).toMatch(/name/);

    const second = await say(apiKey.key, id, "I'm Jo Bloggs, jo@example.com");
    expect(second.conversation.extractedData).toMatchObject({ name: "Jo Bloggs", email: "jo@example.com" });
    expect(second.reply?.content).toMatch(/issue/);

    const third = await say(apiKey.key, id, "The rear brake is rubbing");
    expect(third.conversation.extractedData).toMatchObject({ issue: expect.stringMatching(/rear brake is rubbing/i) });
    expect(third.reply?.content).toMatch(/preferred day and time/);

    const last = await say(apiKey.key, id, "Tuesday morning works");
    expect(last.conversation.extractedData).toEqual({
      bike_type: "gravel",
      name: "Jo Bloggs",
      email: "jo@example.com",
      issue: expect.stringMatching(/rear brake/i),
      preferred_time: "Tuesday morning",
      booking_id: expect.any(String),
      booking_starts_at: expect.any(String),
    });
    // With everything known, the assistant books the best-fitting slot through the tools worker.
    expect(last.reply?.content).toMatch(
      /^You're booked in, Jo: Repair drop-off on Tuesday \d+ \w+ at 09:00 \(reference B-[0-9A-F]{8}\)\. We'll send the details to jo@example\.com\./,
    );
    expect(last.reply?.metadata.toolCalls).toEqual([
      expect.objectContaining({ name: "capture_lead" }),
      expect.objectContaining({ name: "check_availability" }),
      expect.objectContaining({ name: "create_booking" }),
    ]);
    const bookings = await (await call(`/v1/bookings`, { token: apiKey.key })).json<{
      data: {
        id: string;
        status: string;
        conversationId: string;
        customerEmail: string;
        meetingType: string;
        notes: string;
        startsAt: string;
      }[];
    }>();
    expect(bookings.data).toEqual([
      expect.objectContaining({
        id: last.conversation.extractedData.booking_id,
        status: "confirmed",
        conversationId: id,
        customerEmail: "jo@example.com",
        meetingType: "repair-drop-off",
        notes: expect.stringMatching(/gravel: the rear brake is rubbing/i),
      }),
    ]);
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
    });
    expect(local.format(new Date(bookings.data[0]?.startsAt ?? 0))).toBe("Tuesday 09:00");
    const calls = await (await call(`/v1/tool-calls?conversationId=${id}`, { token: apiKey.key })).json<{
      data: { toolName: string; status: string }[];
    }>();
    expect(calls.data.map((toolCall) => [toolCall.toolName, toolCall.status]).sort()).toEqual([
      ["capture_lead", "completed"],
      ["check_availability", "completed"],
      ["create_booking", "completed"],
    ]);

    const leads = await (await call("/v1/leads", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(leads.data).toEqual([
      expect.objectContaining({ name: "Jo Bloggs", email: "jo@example.com", sourceIntent: "booking" }),
    ]);

    // Asking again does not book twice.
    const again = await say(apiKey.key, id, "Can you book it for me?");
    expect(again.reply?.content).toMatch(/already booked in/);
    expect((await (await call(`/v1/bookings`, { token: apiKey.key })).json<{ data: unknown[] }>()).data).toHaveLength(
      1,
    );
    const stored = await call(`/v1/conversations/${id}`, { token: apiKey.key });
    expect(await stored.json()).toMatchObject({
      conversation: { extractedData: { preferred_time: "Tuesday morning" } },
    });
  });

  it("a complaint opens one ticket, with its reference in the reply, and goes to a person at once", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key, { email: "pat@example.com", name: "Pat" });
    const turn = await say(apiKey.key, id, "My gears are slipping again after your service. This is unacceptable!");
    expect(turn.reply?.metadata).toMatchObject({
      intent: "complaint",
      toolCalls: [expect.objectContaining({ name: "create_ticket" })],
      handover: "escalated",
      escalation: { category: "complaint", priority: "high" },
    });
    expect(turn.reply?.content).toMatch(/opened ticket T-[0-9A-F]{8}.*by email to pat@example\.com/);
    expect(turn.conversation).toMatchObject({ status: "waiting", priority: "high" });
    const tickets = await (await call(`/v1/tickets?conversationId=${id}`, { token: apiKey.key })).json<{
      data: { subject: string; priority: string; status: string }[];
    }>();
    expect(tickets.data).toEqual([
      expect.objectContaining({
        subject: "My gears are slipping again after your service.",
        priority: "high",
        status: "new",
      }),
    ]);
    // The follow-up waits for the person; it opens no second ticket.
    const again = await say(apiKey.key, id, "Still terrible, I want a refund.");
    expect(again.reply).toBeNull();
    expect(
      (await (await call(`/v1/tickets?conversationId=${id}`, { token: apiKey.key })).json<{ data: unknown[] }>()).data,
    ).toHaveLength(1);
  });

  it("a closed conversation refuses messages until it is reopened", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    await say(apiKey.key, id, "What is your returns policy?");
    const closed = await call(`/v1/conversations/${id}/close`, { method: "POST", token: apiKey.key });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ conversation: { status: "closed" } });
    const refused = await call(`/v1/conversations/${id}/messages`, {
      method: "POST",
      token: apiKey.key,
      json: { content: "One more thing" },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const stored = await (await call(`/v1/conversations/${id}`, { token: apiKey.key })).json<{
      conversation: { summary: string; endedAt: string };
    }>();
    expect(stored.conversation.summary).toMatch(/returns/i);
    expect(stored.conversation.endedAt).not.toBeNull();
    expect((await call(`/v1/conversations/${id}/reopen`, { method: "POST", token: apiKey.key })).status).toBe(200);
    const again = await say(apiKey.key, id, "How long do refunds take?");
    expect(again.reply?.metadata).toMatchObject({
      sources: [expect.objectContaining({ title: "How long do refunds take?" })],
    });
  });
});
