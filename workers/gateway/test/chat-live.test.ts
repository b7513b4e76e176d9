import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import {
  askWithUseChat,
  call,
  createDemoOrganization,
  createKey,
  humanAgent,
  openSocket,
  say,
  startConversation,
  type Turn,
} from "./support.ts";

const _base = "https://api.frontdesk.test";

describe("the AI SDK client", () => {
  it("useChat's transport reads the reply, its sources and metadata from the UI message stream", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const reply = await askWithUseChat(
      `/v1/conversations/${id}/messages`,
      { authorization: `Bearer ${apiKey.key}`, "cf-connecting-ip": "198.51.100.77" },
      id,
      "Do you take trade-ins?",
    );
    expect(reply?.role).toBe("assistant");
    const text = reply?.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    expect(text).toMatch(/trade/i);
    expect(reply?.parts).toContainEqual(
      expect.objectContaining({ type: "source-document", title: "Do you take trade-ins?" }),
    );
    expect(reply?.metadata).toMatchObject({ intent: "question", model: "builtin" });

    // The streamed turn is stored like any other.
    const history = await (await call(`/v1/conversations/${id}/messages`, { token: apiKey.key })).json<{
      data: { role: string; content: string }[];
    }>();
    expect(history.data.map((message) => message.role)).toEqual(["assistant", "customer"]);
    expect(history.data[0]?.content).toBe(text);
  });

  it("a refused turn is a problem+json error, not a stream", async () => {
    const { apiKey } = await createDemoOrganization();
    const response = await call(`/v1/conversations/${crypto.randomUUID()}/messages`, {
      method: "POST",
      token: apiKey.key,
      headers: { accept: "text/event-stream" },
      json: { content: "Hello" },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("one conversation's turns", () => {
  it("messages sent at once are answered one at a time, each reply right after its own message", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const questions = [
      "Where is the shop?",
      "Is there parking?",
      "Do you sell gift cards?",
      "Can I rent a bike?",
      "Which payment methods do you accept?",
    ];
    const turns = await Promise.all(questions.map((question) => say(apiKey.key, id, question)));
    for (const [index, turn] of turns.entries()) {
      expect(turn.reply?.metadata).toMatchObject({ sources: [expect.objectContaining({ title: questions[index] })] });
    }
    const history = await (await call(`/v1/conversations/${id}/messages?limit=20`, { token: apiKey.key })).json<{
      data: { role: string; content: string; metadata: { sources?: { title: string }[] } }[];
    }>();
    const chronological = history.data.reverse();
    expect(chronological).toHaveLength(10);
    for (let index = 0; index < 10; index += 2) {
      const [asked, answered] = [chronological[index], chronological[index + 1]];
      expect(asked?.role).toBe("customer");
      expect(answered?.role).toBe("assistant");
      expect(answered?.metadata.sources?.[0]?.title).toBe(asked?.content);
    }
  });
});

/** A WebSocket to the conversation's live feed, collecting what arrives. */
const follow = (conversationId: string, token: string) =>
  openSocket(`/v1/conversations/${conversationId}/live`, { authorization: `Bearer ${token}` });

describe("agent takeover, live", () => {
  it("an online agent is assigned on handover and talks to the customer over WebSockets", async () => {
    const { apiKey } = await createDemoOrganization();
    const sam = await humanAgent(apiKey.key);
    await call(`/v1/presence/agents/${sam.agentId}`, { method: "PUT", token: sam.token, json: { status: "online" } });
    const id = await startConversation(apiKey.key, { email: "rae@example.com" });

    const customer = await follow(id, apiKey.key);
    await customer.until((event) => event.type === "ready");
    const handedOver: Turn = await say(apiKey.key, id, "Can I talk to someone from the team?");
    expect(handedOver.conversation).toMatchObject({ status: "waiting", agentId: sam.agentId });

    const agent = await follow(id, sam.token);
    agent.socket.send(JSON.stringify({ type: "message", content: "Hi Rae, Sam here. How can I help?" }));
    const seen = await customer.until((event) => event.message?.role === "agent");
    expect(seen?.message?.content).toBe("Hi Rae, Sam here. How can I help?");
    await customer.until((event) => event.conversation?.status === "with_agent");

    customer.socket.send(JSON.stringify({ type: "message", content: "My wheel is buckled" }));
    const heard = await agent.until((event) => event.message?.role === "customer");
    expect(heard?.message?.content).toBe("My wheel is buckled");

    const history = await (await call(`/v1/conversations/${id}/messages`, { token: apiKey.key })).json<{
      data: { role: string; content: string; agentId: string | null }[];
    }>();
    // No assistant reply after the takeover: the person answers.
    expect(history.data.map((message) => message.role)).toEqual(["customer", "agent", "assistant", "customer"]);
    expect(history.data[1]?.agentId).toBe(sam.agentId);
    customer.socket.close();
    agent.socket.close();
  });

  it("assignment honours an agent's maximum concurrent chats; the next conversation waits unassigned", async () => {
    const { apiKey } = await createDemoOrganization();
    const sam = await humanAgent(apiKey.key);
    await call(`/v1/agents/${sam.agentId}`, { method: "PATCH", token: apiKey.key, json: { maxConcurrentChats: 1 } });
    await call(`/v1/presence/agents/${sam.agentId}`, { method: "PUT", token: sam.token, json: { status: "online" } });
    const first = await startConversation(apiKey.key);
    const second = await startConversation(apiKey.key);
    expect((await say(apiKey.key, first, "I want to speak to a human")).conversation.agentId).toBe(sam.agentId);
    const queued = await say(apiKey.key, second, "I want to speak to a human");
    expect(queued.conversation).toMatchObject({ status: "waiting", agentId: null });
    const waiting = await (await call("/v1/conversations?status=waiting", { token: apiKey.key })).json<{
      data: { id: string }[];
    }>();
    expect(waiting.data.map((conversation) => conversation.id).sort()).toEqual([first, second].sort());
  });
});

describe("the live WebSocket obeys the same rules as HTTP", () => {
  it("writing needs conversations:write: a read-only key follows but cannot speak", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const reader = await createKey(apiKey.key, ["conversations:read"]);
    const live = await follow(id, reader.key);
    live.socket.send(JSON.stringify({ type: "message", content: "Can I write?" }));
    const refused = await live.until((event) => event.type === "error");
    expect(refused).toMatchObject({ problem: "forbidden" });
    const history = await (await call(`/v1/conversations/${id}/messages`, { token: apiKey.key })).json<{
      data: unknown[];
    }>();
    expect(history.data).toEqual([]);
    live.socket.close();
  });

  it("frames are rate-limited like requests", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const live = await follow(id, apiKey.key);
    // Malformed frames cost a frame each, like refused requests do.
    for (let index = 0; index < 31; index++) live.socket.send("not json");
    const errors = () => live.events.filter((event) => event.type === "error");
    await live.until(() => errors().length === 31);
    const limited = errors().filter((event) => "problem" in event && event.problem === "rate-limited");
    expect(limited).toEqual([expect.objectContaining({ retryAfter: expect.any(Number) })]);
    live.socket.close();
  });

  it("a socket closes when its key is revoked, or its staff user deactivated", async () => {
    const { apiKey } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const key = await createKey(apiKey.key, ["conversations:read", "conversations:write"]);
    const live = await follow(id, key.key);
    const closed = new Promise<number>((resolve) =>
      live.socket.addEventListener("close", (event) => resolve(event.code)),
    );
    expect((await call(`/v1/api-keys/${key.id}`, { method: "DELETE", token: apiKey.key })).status).toBe(204);
    // The next frame finds the key revoked (silent sockets are rechecked by the alarm every 30 s).
    live.socket.send(JSON.stringify({ type: "message", content: "Still here?" }));
    expect(await closed).toBe(4401);
    const history = await (await call(`/v1/conversations/${id}/messages`, { token: apiKey.key })).json<{
      data: unknown[];
    }>();
    expect(history.data).toEqual([]);
  });

  it("a socket closes when its session token expires", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const id = await startConversation(apiKey.key);
    const agent = await humanAgent(apiKey.key);
    const claims = JSON.parse(atob(agent.token.split(".")[1] ?? "")) as { sub: string; role: string };
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await sign(
      { sub: claims.sub, org: organization.id, role: claims.role, iat: now, exp: now + 2, typ: "staff" },
      "test-session-secret-with-enough-entropy",
      "HS256",
    );
    const live = await follow(id, shortLived);
    const closed = new Promise<number>((resolve) =>
      live.socket.addEventListener("close", (event) => resolve(event.code)),
    );
    // Nothing is sent: the session's alarm closes the socket when the token expires.
    const started = Date.now();
    expect(await closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
