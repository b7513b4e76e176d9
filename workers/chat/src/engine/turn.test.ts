import { describe, expect, it } from "vitest";
import type { SessionState, StageInfo } from "../session/state.ts";
import { builtinResponder } from "./builtin-responder.ts";
import type { KnowledgeHit } from "./knowledge.ts";
import { planCustomerTurn } from "./turn.ts";

const bookingStage: StageInfo = {
  id: "stage-booking",
  name: "Book a repair",
  stageType: "booking",
  position: 2,
  requiredFields: ["name", "email"],
  extractionPrompt: null,
  generationPrompt: null,
};

const state = (overrides: Partial<SessionState> = {}): SessionState => ({
  conversationId: "c-1",
  organizationId: "o-1",
  organizationName: "Northwind Cycles",
  customerId: "cu-1",
  channelId: null,
  assistantName: "Nora",
  assistantModel: null,
  agentId: null,
  status: "active",
  stageId: null,
  stages: [bookingStage],
  window: [],
  extracted: {},
  askedFor: [],
  memory: {},
  handoverThreshold: 0.35,
  idleCloseMinutes: 30,
  handedOver: false,
  messageCount: 0,
  startedAt: "2026-12-01T10:00:00.000Z",
  lastMessageAt: null,
  ...overrides,
});

const hours: KnowledgeHit = {
  id: "k-1",
  title: "Opening hours",
  content: "We're open Monday to Saturday, 9am to 6pm.",
  category: null,
  intent: null,
  sourceUrl: null,
  language: "en",
  score: 0.9,
};

/** Knowledge search as the turn sees it, recording what it was asked. */
function knowledge(hits: KnowledgeHit[]) {
  const asked: string[] = [];
  const search = async (query: string) => {
    asked.push(query);
    return hits;
  };
  return { asked, search };
}

describe("a customer turn", () => {
  it("answers a question from the knowledge it finds, citing the entry, with the turn's events", async () => {
    const { asked, search } = knowledge([hours]);
    const plan = await planCustomerTurn({ responder: builtinResponder, search }, state(), "When are you open?");
    expect(asked).toEqual(["When are you open?"]);
    expect(plan.reply?.content).toContain("Monday to Saturday");
    expect(plan.reply?.metadata).toMatchObject({ intent: "question", confidence: 0.9, sources: [{ id: "k-1" }] });
    expect(plan.handover).toBe(false);
    expect(plan.write.events.map((event) => event.eventType)).toEqual(["message_received", "reply_sent"]);
    expect(Date.parse(plan.reply?.sentAt ?? "")).toBeGreaterThan(Date.parse(plan.message.sentAt));
  });

  it("hands over when the customer asks for a person, without searching", async () => {
    const { asked, search } = knowledge([hours]);
    const plan = await planCustomerTurn(
      { responder: builtinResponder, search },
      state(),
      "Can I talk to a real person please",
    );
    expect(asked).toEqual([]);
    expect(plan.handover).toBe(true);
    expect(plan.write.events.at(-1)).toMatchObject({
      eventType: "handover_requested",
      properties: { reason: "customer_request" },
    });
  });

  it("with a person in charge, only forwards the message: no reply, no search", async () => {
    const { asked, search } = knowledge([hours]);
    const plan = await planCustomerTurn(
      { responder: builtinResponder, search },
      state({ handedOver: true, status: "with_agent" }),
      "Are you there?",
    );
    expect(plan.reply).toBeNull();
    expect(asked).toEqual([]);
    expect(plan.write.events).toEqual([
      { eventType: "message_received", messageId: plan.message.id, properties: { forwardedTo: "agent" } },
    ]);
  });

  it("in a booking stage, keeps what the customer gave and asks for what is missing", async () => {
    const { search } = knowledge([]);
    const plan = await planCustomerTurn(
      { responder: builtinResponder, search },
      state({ stageId: bookingStage.id, askedFor: ["name"] }),
      "Lee Marsh",
    );
    expect(plan.next.extracted).toMatchObject({ name: "Lee Marsh" });
    expect(plan.write.remember).toMatchObject({ name: "Lee Marsh" });
    expect(plan.reply?.content).toMatch(/email/i);
    expect(plan.next.askedFor).toEqual(["email"]);
  });

  it("a channel message keeps the provider's ids, and its reply starts pending delivery", async () => {
    const { search } = knowledge([hours]);
    const plan = await planCustomerTurn({ responder: builtinResponder, search }, state(), "When are you open?", {
      externalMessageId: "wamid.1",
      senderExternalId: "15550001234",
      senderName: "Zoë",
    });
    expect(plan.message).toMatchObject({ externalMessageId: "wamid.1", senderName: "Zoë" });
    expect(plan.reply?.deliveryStatus).toBe("pending");
  });
});
