import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it } from "vitest";
import { call, createDemoOrganization, humanAgent, inbox, type Received, say, startConversation } from "./support.ts";

const receiver = inject("webhookReceiverUrl");

interface Event {
  type: string;
  data: {
    conversation?: { id: string; status?: string; agentId?: string | null };
    message?: { role: string; direction: string; content: string };
    merge?: { sourceCustomerId: string; targetCustomerId: string; kind: string };
    score?: number;
    reason?: string;
    summary?: string | null;
  };
}

/** An endpoint subscribed to `eventTypes`: its secret and the name of its inbox at the receiver. */
async function subscribe(key: string, eventTypes: string[]) {
  const name = crypto.randomUUID();
  const response = await call("/v1/webhook-endpoints", {
    method: "POST",
    token: key,
    json: { url: `${receiver}/inbox/${name}`, eventTypes },
  });
  expect(response.status).toBe(201);
  const { secret } = await response.json<{ secret: string }>();
  return { name, verifier: new Webhook(secret) };
}

/** Every delivery, verified by the Standard Webhooks reference library (it throws on a bad signature). */
const verified = (verifier: Webhook, deliveries: Received[]) =>
  deliveries.map((delivery) => verifier.verify(delivery.body, delivery.headers) as Event);

describe("conversation webhooks", () => {
  it("tell a subscribed endpoint a conversation's life, signed, and only the events it asked for", async () => {
    const { apiKey } = await createDemoOrganization();
    const crm = await subscribe(apiKey.key, [
      "conversation.created",
      "message.created",
      "conversation.handover",
      "conversation.assigned",
      "conversation.closed",
      "csat.submitted",
    ]);
    const merges = await subscribe(apiKey.key, ["customer.merged"]);
    const agent = await humanAgent(apiKey.key);

    const id = await startConversation(apiKey.key, { name: "Hana Hook", email: "hana@example.com" });
    await say(apiKey.key, id, "What are your opening hours?");
    const handed = await call(`/v1/conversations/${id}/handover`, {
      method: "POST",
      token: apiKey.key,
      json: { reason: "customer asked for a person" },
    });
    expect(handed.status).toBe(200);
    const assigned = await call(`/v1/conversations/${id}/assign`, {
      method: "POST",
      token: apiKey.key,
      json: { agentId: agent.agentId },
    });
    expect(assigned.status).toBe(200);
    const replied = await call(`/v1/conversations/${id}/agent-messages`, {
      method: "POST",
      token: agent.token,
      json: { content: "Hi Hana, Sam here: we open at 9." },
    });
    expect(replied.status).toBe(200);
    expect((await call(`/v1/conversations/${id}/close`, { method: "POST", token: apiKey.key })).status).toBe(200);
    const rated = await call(`/v1/conversations/${id}/csat`, {
      method: "PUT",
      token: apiKey.key,
      json: { score: 5, comment: "Quick!" },
    });
    expect(rated.status).toBe(200);

    // Each change's webhooks are sent as soon as it commits, so two may overtake each other on the
    // way: the set is checked, and each event by its type.
    const events = verified(crm.verifier, await inbox(crm.name, 8));
    expect(events.map((event) => event.type).sort()).toEqual(
      [
        "conversation.created",
        "message.created",
        "message.created",
        "conversation.handover",
        "conversation.assigned",
        "message.created",
        "conversation.closed",
        "csat.submitted",
      ].sort(),
    );
    expect(events.every((event) => event.data.conversation?.id === id)).toBe(true);
    const byType = (type: string) => events.filter((event) => event.type === type);
    const messages = byType("message.created").flatMap((event) => (event.data.message ? [event.data.message] : []));
    expect(messages.map((message) => [message.role, message.direction]).sort()).toEqual(
      [
        ["agent", "outbound"],
        ["assistant", "outbound"],
        ["customer", "inbound"],
      ].sort(),
    );
    expect(messages.find((message) => message.role === "agent")?.content).toBe("Hi Hana, Sam here: we open at 9.");
    expect(byType("conversation.handover")[0]?.data).toMatchObject({
      reason: "customer asked for a person",
      conversation: { status: "waiting" },
    });
    expect(byType("conversation.assigned")[0]?.data.conversation).toMatchObject({
      status: "with_agent",
      agentId: agent.agentId,
    });
    const closed = byType("conversation.closed")[0];
    expect(closed?.data.conversation?.status).toBe("closed");
    expect(closed?.data.summary).toEqual(expect.any(String));
    expect(byType("csat.submitted")[0]?.data.score).toBe(5);

    // A merge reaches only the endpoint subscribed to it.
    const other = await startConversation(apiKey.key, { name: "Hana H.", phone: "+447700900777" });
    const customers = await (await call(`/v1/conversations/${other}`, { token: apiKey.key })).json<{
      conversation: { customerId: string };
    }>();
    const first = await (await call(`/v1/conversations/${id}`, { token: apiKey.key })).json<{
      conversation: { customerId: string };
    }>();
    const merged = await call(`/v1/customers/${first.conversation.customerId}/merge`, {
      method: "POST",
      token: apiKey.key,
      json: { customerId: customers.conversation.customerId },
    });
    expect(merged.status).toBe(200);
    const [merge] = verified(merges.verifier, await inbox(merges.name, 1));
    expect(merge).toMatchObject({
      type: "customer.merged",
      data: {
        merge: {
          sourceCustomerId: customers.conversation.customerId,
          targetCustomerId: first.conversation.customerId,
          kind: "manual",
        },
      },
    });
    // The conversation endpoint heard of the new conversation, not of the merge.
    const raw = await inbox(crm.name, 9);
    expect(verified(crm.verifier, raw).map((event) => event.type)).not.toContain("customer.merged");
    // Each endpoint has its own secret: one's deliveries do not verify under the other's.
    const [delivery] = raw;
    expect(() => merges.verifier.verify(delivery?.body ?? "", delivery?.headers ?? {})).toThrow();
  });

  it("refuses an event type no one sends", async () => {
    const { apiKey } = await createDemoOrganization();
    const response = await call("/v1/webhook-endpoints", {
      method: "POST",
      token: apiKey.key,
      json: { url: `${receiver}/inbox/x`, eventTypes: ["conversation.teleported"] },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
