import { describe, expect, it } from "vitest";
import type { SessionState } from "../conversation/state.ts";
import { blankSessionState } from "../session/blank-state.ts";
import { builtinResponder } from "./builtin-responder.ts";
import { bundledLanguageDetector } from "./bundled-language-detector.ts";
import type { KnowledgeHit } from "./knowledge.ts";
import { testStage } from "./test-stage.ts";
import { planCustomerTurn } from "./turn.ts";

const bookingStage = testStage({
  id: "stage-booking",
  name: "Book a repair",
  stageType: "booking",
  position: 2,
  requiredFields: ["name", "email"],
  intents: ["booking"],
});

const state = (overrides: Partial<SessionState> = {}): SessionState =>
  blankSessionState({
    conversationId: "c-1",
    organizationId: "o-1",
    organizationName: "Northwind Cycles",
    customerId: "cu-1",
    assistantName: "Nora",
    assistantModel: null,
    stages: [bookingStage],
    handoverThreshold: 0.35,
    startedAt: "2026-12-01T10:00:00.000Z",
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
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state(),
      "When are you open?",
    );
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
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
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
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
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
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
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
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state(),
      "When are you open?",
      {
        externalMessageId: "wamid.1",
        senderExternalId: "15550001234",
        senderName: "Zoë",
      },
    );
    expect(plan.message).toMatchObject({ externalMessageId: "wamid.1", senderName: "Zoë" });
    expect(plan.reply?.deliveryStatus).toBe("pending");
  });
});

describe("a customer's language", () => {
  const germanHours: KnowledgeHit = {
    ...hours,
    id: "k-de",
    title: "Öffnungszeiten",
    content: "Wir haben Montag bis Samstag von 9 bis 18 Uhr geöffnet.",
    language: "de",
  };

  it("is detected, stored on the message and the conversation, and the reply is written in it", async () => {
    const asked: (string | null)[] = [];
    const search = async (_query: string, language: string | null) => {
      asked.push(language);
      return [germanHours];
    };
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state({ stages: [] }),
      "Wann habt ihr geöffnet?",
    );
    expect(asked).toEqual(["de"]);
    expect(plan.message.metadata).toMatchObject({ language: "de" });
    expect(plan.next.language).toBe("de");
    expect(plan.reply?.metadata).toMatchObject({ language: "de", sources: [{ id: "k-de", language: "de" }] });
    expect(plan.reply?.content).toBe(germanHours.content);
  });

  it("is kept from earlier messages when a short one cannot tell, and the built-in sentences follow it", async () => {
    const { search } = knowledge([]);
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state({ stages: [], language: "de" }),
      "Hallo!",
    );
    expect(plan.next.language).toBe("de");
    expect(plan.reply?.content).toBe("Hallo! Ich bin Nora von Northwind Cycles. Wie kann ich helfen?");
  });

  it("when the answer exists only in another language, the reply says so before giving it", async () => {
    const { search } = knowledge([hours]);
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state({ stages: [] }),
      "Wann habt ihr geöffnet?",
    );
    expect(plan.reply?.content).toBe(`Diese Antwort habe ich leider nur auf Englisch:\n\n${hours.content}`);
  });

  it("with no answer in any language, the customer hears it in their language and is handed over", async () => {
    const { search } = knowledge([]);
    const plan = await planCustomerTurn(
      { responderFor: () => builtinResponder, search, language: bundledLanguageDetector },
      state({ stages: [] }),
      "Verkauft ihr Roller?",
    );
    expect(plan.handover).toBe(true);
    expect(plan.reply?.content).toMatch(/^Da bin ich mir nicht sicher genug/);
  });
});
