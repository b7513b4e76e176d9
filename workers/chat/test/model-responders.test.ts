import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { identityHeader } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import type { TurnResult } from "../src/session/outcomes.ts";

/** A demo organization whose AI agent uses `model`, and a conversation with it. */
async function conversationWith(model: string) {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db.insert(schema.organizations).values({ id: organizationId, name: "Northwind Cycles", slug: organizationId });
  await seedDemoContent(db, organizationId);
  await db
    .update(schema.agents)
    .set({ model })
    .where(and(eq(schema.agents.organizationId, organizationId), eq(schema.agents.kind, "ai")));
  const headers = {
    [identityHeader]: JSON.stringify({ organizationId, principal: "api_key", scopes: ["*"], subjectId: "test" }),
    "content-type": "application/json",
  };
  const created = await exports.default.fetch("https://chat.internal/v1/conversations", {
    method: "POST",
    headers,
    body: JSON.stringify({ customer: { name: "Ana" } }),
  });
  const { conversation } = await created.json<{ conversation: { id: string } }>();
  const say = async (content: string) => {
    const response = await exports.default.fetch(`https://chat.internal/v1/conversations/${conversation.id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content }),
    });
    expect(response.status).toBe(200);
    return response.json<TurnResult>();
  };
  return { say, organizationId, conversationId: conversation.id };
}

type ProviderRequest = { provider: string; path: string; body: { messages?: ChatMessage[]; tools?: unknown[] } };
type ChatMessage = { role: string; content: string | null };
type ChatCompletionRequest = ProviderRequest & { body: { messages: ChatMessage[] } };

const isChatCompletion = (request: ProviderRequest): request is ChatCompletionRequest =>
  Array.isArray(request.body.messages);

async function providerRequests(provider: string) {
  const response = await fetch(`${inject("scriptedLlmUrl")}/requests`);
  const all = await response.json<ProviderRequest[]>();
  // Chat completions only: other test files embed texts (OpenAI's /embeddings, Workers AI's
  // bge-m3 under the same /ai/run/ path) on the same server, in parallel with this one.
  return all.filter((request) => request.provider === provider).filter(isChatCompletion);
}

describe.each([
  ["an OpenAI-compatible endpoint", "openai:gpt-test", "openai"],
  ["Workers AI", "@cf/meta/llama-3.1-8b-instruct", "cloudflare"],
])("a model responder on %s", (_label, model, provider) => {
  it("looks the answer up with a tool call and cites what it found, with the provider's token counts", async () => {
    const { say } = await conversationWith(model);
    const question = `What are your opening hours? (${crypto.randomUUID()})`;
    const turn = await say(question);
    expect(turn.reply?.content).toMatch(/^From our FAQ: The shop is open Monday to Friday/);
    expect(turn.reply?.metadata).toMatchObject({
      model,
      toolCalls: [{ name: "search_knowledge", arguments: expect.stringContaining("opening hours") }],
      sources: expect.arrayContaining([expect.objectContaining({ title: "What are your opening hours?" })]),
    });
    expect(turn.reply?.metadata.inputTokens).toBeGreaterThan(50);
    expect(turn.reply?.metadata.outputTokens).toBe(14);

    const calls = (await providerRequests(provider)).filter((request) =>
      request.body.messages.some((message) => message.content === question),
    );
    expect(calls).toHaveLength(2);
    const [first, second] = calls;
    expect(first?.body.messages[0]).toMatchObject({ role: "system", content: expect.stringContaining("Nora") });
    expect(first?.body.messages[0]?.content).toContain("Northwind Cycles");
    // Its own two tools, and the tools worker's other seven from the registry.
    expect(first?.body.tools).toHaveLength(9);
    expect(second?.body.messages.at(-1)).toMatchObject({ role: "tool" });
    if (provider === "cloudflare")
      expect(first?.path).toBe(`/cloudflare/client/v4/accounts/test-account/ai/run/${model}`);
  });

  it("calls the tools worker for a registry tool: the ticket it opens is stored and audited", async () => {
    const { say, organizationId, conversationId } = await conversationWith(model);
    const turn = await say("Please open a ticket: my rear wheel wobbles after the service");
    expect(turn.reply?.content).toMatch(/^Opened ticket T-[0-9A-F]{8} for you\.$/);
    expect(turn.reply?.metadata).toMatchObject({
      model,
      toolCalls: [{ name: "create_ticket", arguments: expect.stringContaining("rear wheel wobbles") }],
    });
    const db = createDb(env);
    const tickets = await db
      .select()
      .from(schema.tickets)
      .where(and(eq(schema.tickets.organizationId, organizationId), eq(schema.tickets.conversationId, conversationId)));
    expect(tickets).toEqual([expect.objectContaining({ priority: "high", status: "new" })]);
    const calls = await db
      .select()
      .from(schema.toolCalls)
      .where(
        and(eq(schema.toolCalls.organizationId, organizationId), eq(schema.toolCalls.conversationId, conversationId)),
      );
    expect(calls).toEqual([expect.objectContaining({ toolName: "create_ticket", status: "completed" })]);
  });

  it("hands over when the model calls handover_to_human", async () => {
    const { say } = await conversationWith(model);
    const turn = await say("I would like a person to help me with my order");
    expect(turn.reply?.metadata).toMatchObject({
      model,
      handover: "customer_request",
      toolCalls: [{ name: "handover_to_human", arguments: expect.stringContaining("customer asked") }],
    });
    expect(turn.conversation.status).toBe("waiting");
  });

  it("sends the conversation so far, and answers without tools when none are needed", async () => {
    const { say } = await conversationWith(model);
    await say("Hello there");
    const turn = await say("Just browsing today");
    expect(turn.reply?.content).toBe("Scripted reply to: Just browsing today");
    const [last] = (await providerRequests(provider))
      .filter((request) => request.body.messages.at(-1)?.content === "Just browsing today")
      .slice(-1);
    expect(last?.body.messages.slice(1).map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    // The stages' templates are the model's instructions, rendered with the turn's variables.
    const instructions = last?.body.messages[0]?.content ?? "";
    expect(instructions).toContain(
      "- repair_booking: Choose this stage when the customer wants a repair, a service, a fitting or an appointment.",
    );
    expect(instructions).toContain('Known data:\n{"name":"Ana"}');
    expect(instructions).not.toContain("{{");
  });

  it("falls back to the built-in responder when the provider fails, and says so", async () => {
    const { say } = await conversationWith(model);
    const turn = await say("Do you sell gift cards? provider-outage");
    expect(turn.reply?.metadata).toMatchObject({ model: "builtin", fallback: expect.stringContaining("503") });
    expect(turn.reply?.content).toMatch(/gift card/i);
  });
});

it("an agent naming a provider this deployment has no credentials for is answered by the built-in responder", async () => {
  const { say } = await conversationWith("anthropic:claude");
  const turn = await say("Where is the shop?");
  expect(turn.reply?.metadata).toMatchObject({ model: "builtin", fallback: expect.stringContaining("not configured") });
  expect(turn.reply?.content).toContain("Harbour Lane");
});
