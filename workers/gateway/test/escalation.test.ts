import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it } from "vitest";
import { call, createDemoOrganization, inbox, say, startConversation } from "./support.ts";

type Conversation = {
  id: string;
  status: string;
  priority: string;
  handoverReason: string | null;
  escalationCategory: string | null;
  handedOverAt: string | null;
};

async function conversation(key: string, id: string): Promise<Conversation> {
  const response = await call(`/v1/conversations/${id}`, { token: key });
  return (await response.json<{ conversation: Conversation }>()).conversation;
}

async function ask(key: string, question: string) {
  const id = await startConversation(key, { email: `esc-${crypto.randomUUID()}@example.com` });
  return { id, turn: await say(key, id, question) };
}

describe("escalation: people who need a person get one at once", () => {
  it.each([
    ["My order #88812 never arrived, where is it?", "complaint", "high"],
    ["I was charged twice on my card yesterday, please fix it", "billing", "high"],
    ["My child fell off the bike you sold us and broke her arm, I want to speak to the manager", "safety", "urgent"],
    ["Ich schalte meinen Anwalt ein", "legal", "urgent"],
    // Phrases migration 0024 added after the first held-out run.
    ["I hurt my knee when the saddle snapped", "safety", "urgent"],
    ["Mein Paket ist verloren gegangen", "complaint", "high"],
  ])("%s → %s (%s)", async (message, category, priority) => {
    const { apiKey } = await createDemoOrganization();
    const { id, turn } = await ask(apiKey.key, message);
    expect(turn.reply?.metadata).toMatchObject({
      handover: "escalated",
      escalation: { category, priority },
      sources: [],
    });
    expect(turn.conversation).toMatchObject({ status: "waiting", priority });
    expect(await conversation(apiKey.key, id)).toMatchObject({
      status: "waiting",
      priority,
      handoverReason: "escalated",
      escalationCategory: category,
      handedOverAt: expect.any(String),
    });
  });

  it("a complaint or billing problem is tracked as a ticket of the escalation's priority too", async () => {
    const { apiKey } = await createDemoOrganization();
    const { id, turn } = await ask(apiKey.key, "I was charged twice on my card yesterday, please fix it");
    expect(turn.reply?.content).toMatch(/opened ticket T-[0-9A-F]{8}.*as a priority/s);
    const tickets = await (await call(`/v1/tickets?conversationId=${id}`, { token: apiKey.key })).json<{
      data: { priority: string }[];
    }>();
    expect(tickets.data).toEqual([expect.objectContaining({ priority: "high" })]);
  });

  it("the shop's own questions are still answered, not escalated", async () => {
    const { apiKey } = await createDemoOrganization();
    for (const question of [
      "Do you sell gift cards?",
      "I want to buy a voucher as a present",
      "How long do refunds take?",
    ]) {
      const { id, turn } = await ask(apiKey.key, question);
      expect(turn.reply?.metadata.handover, question).toBeUndefined();
      expect((await conversation(apiKey.key, id)).priority).toBe("normal");
    }
  });

  it("an explicit request for a manager is a customer request, recorded as such", async () => {
    const { apiKey } = await createDemoOrganization();
    const { id, turn } = await ask(apiKey.key, "I want to speak to the manager");
    expect(turn.reply?.metadata).toMatchObject({ handover: "customer_request", escalation: { category: "person" } });
    expect(await conversation(apiKey.key, id)).toMatchObject({
      handoverReason: "customer_request",
      escalationCategory: "person",
      priority: "normal",
    });
  });

  it("the inbox puts the most pressing first and filters by priority, page after page", async () => {
    const { apiKey } = await createDemoOrganization();
    const urgent = (await ask(apiKey.key, "The brakes failed after your service and I crashed")).id;
    const high = (await ask(apiKey.key, "I want to make a formal complaint")).id;
    const normal = (await ask(apiKey.key, "Can I talk to a real person please")).id;
    const later = (await ask(apiKey.key, "The bike caught fire while charging")).id;

    const byActivity = await (await call("/v1/inbox?queue=waiting", { token: apiKey.key })).json<{
      data: { id: string }[];
    }>();
    expect(byActivity.data.map((row) => row.id)).toEqual([later, normal, high, urgent]);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/inbox?queue=waiting&sort=priority&limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await call(query, { token: apiKey.key })).json<{
        data: { id: string; priority: string; escalationCategory: string | null }[];
        nextCursor: string | null;
        counts: { urgent: number };
      }>();
      expect(page.counts.urgent).toBe(2);
      pages.push(...page.data.map((row) => row.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([later, urgent, high, normal]);

    const filtered = await (await call("/v1/inbox?queue=waiting&priority=high,normal", { token: apiKey.key })).json<{
      data: { id: string; priority: string }[];
    }>();
    expect(filtered.data.map((row) => [row.id, row.priority])).toEqual([
      [normal, "normal"],
      [high, "high"],
    ]);
    const refused = await call("/v1/inbox?priority=critical", { token: apiKey.key });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
  });

  it("sends conversation.escalated to a subscribed endpoint, signed, with category, priority and phrase", async () => {
    const { apiKey } = await createDemoOrganization();
    const name = crypto.randomUUID();
    const created = await call("/v1/webhook-endpoints", {
      method: "POST",
      token: apiKey.key,
      json: { url: `${inject("webhookReceiverUrl")}/inbox/${name}`, eventTypes: ["conversation.escalated"] },
    });
    const { secret } = await created.json<{ secret: string }>();
    const { id } = await ask(apiKey.key, "I'm going to take you to court over this");
    const [delivery] = await inbox(name, 1);
    if (!delivery) throw new Error("no delivery");
    const event = new Webhook(secret).verify(delivery.body, delivery.headers) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(event).toMatchObject({
      type: "conversation.escalated",
      data: { conversation: { id, status: "waiting" }, category: "legal", priority: "urgent", phrase: "court" },
    });
  });
});

describe("escalation rules are data an organization edits", () => {
  it("adds its own phrases, silences defaults, and shows what is in effect", async () => {
    const { apiKey } = await createDemoOrganization();
    const before = await ask(apiKey.key, "my frame has a hairline crack");
    expect(before.turn.reply?.metadata.escalation).toBeUndefined();

    const own = await call("/v1/escalation-rules", {
      method: "POST",
      token: apiKey.key,
      json: { category: "safety", phrases: ["hairline crack*", "crack* frame"], priority: "urgent" },
    });
    expect(own.status).toBe(201);
    const silence = await call("/v1/escalation-rules", {
      method: "POST",
      token: apiKey.key,
      json: { category: "urgent", action: "ignore", phrases: ["asap"] },
    });
    expect(silence.status).toBe(201);

    const effective = await (
      await call("/v1/escalation-rules/effective?language=en&category=safety", { token: apiKey.key })
    ).json<{ data: { phrase: string; priority: string }[] }>();
    expect(effective.data).toContainEqual(expect.objectContaining({ phrase: "hairline crack*", priority: "urgent" }));
    const urgentWords = await (
      await call("/v1/escalation-rules/effective?language=en&category=urgent", { token: apiKey.key })
    ).json<{ data: { phrase: string }[] }>();
    expect(urgentWords.data.map((row) => row.phrase)).not.toContain("asap");
    expect(urgentWords.data.map((row) => row.phrase)).toContain("urgent");

    // New conversations use the organization's rules.
    const after = await ask(apiKey.key, "my frame has a hairline cracking near the seat tube");
    expect(after.turn.reply?.metadata).toMatchObject({ escalation: { category: "safety", priority: "urgent" } });
    const quiet = await ask(apiKey.key, "can you service my bike asap");
    expect(quiet.turn.reply?.metadata.escalation).toBeUndefined();

    const listed = await (await call("/v1/escalation-rules?category=safety", { token: apiKey.key })).json<{
      data: { phrases: string[] }[];
    }>();
    expect(listed.data.map((rule) => rule.phrases)).toEqual([["hairline crack*", "crack* frame"]]);
  });

  it("refuses a malformed rule with a problem and stores nothing; another tenant sees none of it", async () => {
    const { apiKey } = await createDemoOrganization();
    const other = await createDemoOrganization();
    for (const json of [
      { category: "gossip", phrases: ["hello"] },
      { category: "legal", phrases: [] },
      { category: "legal", phrases: ["*"] },
      { category: "legal", phrases: ["a(b)"] },
      { category: "legal", phrases: ["court"], priority: "critical" },
    ]) {
      const refused = await call("/v1/escalation-rules", { method: "POST", token: apiKey.key, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    }
    const created = await call("/v1/escalation-rules", {
      method: "POST",
      token: apiKey.key,
      json: { category: "legal", phrases: ["ombudsperson"] },
    });
    const { escalationRule } = await created.json<{ escalationRule: { id: string } }>();
    expect((await call(`/v1/escalation-rules/${escalationRule.id}`, { token: other.apiKey.key })).status).toBe(404);
    const theirs = await (await call("/v1/escalation-rules", { token: other.apiKey.key })).json<{ data: unknown[] }>();
    expect(theirs.data).toEqual([]);
  });
});
