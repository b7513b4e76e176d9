import { describe, expect, it } from "vitest";
import { blankSessionState } from "./blank-state.ts";
import { agentReply, assignment, handoverNote, reopening, waitingForPerson } from "./staff-actions.ts";

const conversation = blankSessionState({
  organizationId: "o-1",
  organizationName: "Northwind Cycles",
  agentId: "nora",
  askedFor: ["email"],
  startedAt: "2026-12-01T10:00:00.000Z",
  lastMessageAt: "2026-12-01T10:05:00.000Z",
});
const sam = { agentId: "sam", userId: "u-sam", name: "Sam" };

describe("what people do to a conversation", () => {
  it("a person's reply takes the conversation: with them, handed over, their name shown, after the last message", () => {
    const { message, next, write } = agentReply(conversation, "I'll check that for you.", sam, { viaProvider: false });
    expect(next).toMatchObject({ status: "with_agent", agentId: "sam", handedOver: true });
    expect(message).toMatchObject({
      role: "agent",
      content: "I'll check that for you.",
      agentId: "sam",
      userId: "u-sam",
    });
    expect(message.metadata).toEqual({ authorName: "Sam" });
    expect(Date.parse(message.sentAt)).toBeGreaterThan(Date.parse("2026-12-01T10:05:00.000Z"));
    expect(write.events).toEqual([
      { eventType: "agent_replied", messageId: message.id, properties: { userId: "u-sam" } },
    ]);
    expect(message).not.toHaveProperty("deliveryStatus");
  });

  it("a reply through a provider waits for the provider; a template is named on the message", () => {
    const template = { name: "order_update", language: "en", parameters: [] };
    const { message } = agentReply(conversation, "Your order shipped.", sam, { viaProvider: true, template });
    expect(message).toMatchObject({
      deliveryStatus: "pending",
      metadata: { authorName: "Sam", template: "order_update" },
    });
  });

  it("a reply by an API key (no agent) keeps the conversation's agent", () => {
    const { next } = agentReply(
      conversation,
      "Noted.",
      { agentId: null, userId: null, name: null },
      { viaProvider: false },
    );
    expect(next.agentId).toBe("nora");
  });

  it("a handover leaves a system note with its reason and waits for a person, asking nothing more", () => {
    const write = handoverNote(conversation, "customer asked for a person");
    expect(write.messages).toMatchObject([{ role: "system", metadata: { reason: "customer asked for a person" } }]);
    expect(write.events).toEqual([
      { eventType: "handover_requested", properties: { reason: "customer asked for a person" } },
    ]);
    expect(waitingForPerson(conversation, "sam")).toMatchObject({
      status: "waiting",
      handedOver: true,
      agentId: "sam",
      askedFor: [],
    });
    expect(waitingForPerson(conversation, null).agentId).toBe("nora");
  });

  it("assigning gives it to the agent; unassigning puts it back in the queue, still with people", () => {
    const taken = assignment(conversation, "sam");
    expect(taken.next).toMatchObject({ status: "with_agent", agentId: "sam", handedOver: true, askedFor: [] });
    expect(taken.write.events).toEqual([{ eventType: "agent_assigned", properties: { agentId: "sam" } }]);
    const released = assignment(taken.next, null);
    expect(released.next).toMatchObject({ status: "waiting", agentId: null, handedOver: true });
    expect(released.write.events).toEqual([{ eventType: "agent_unassigned", properties: { agentId: null } }]);
  });

  it("reopening gives a closed conversation back to the assistant", () => {
    const { next, write } = reopening({ ...conversation, status: "closed", handedOver: true });
    expect(next).toMatchObject({ status: "active", handedOver: false, agentId: null, askedFor: [] });
    expect(write).toEqual({
      messages: [],
      remember: {},
      events: [{ eventType: "conversation_reopened", properties: {} }],
    });
  });
});
