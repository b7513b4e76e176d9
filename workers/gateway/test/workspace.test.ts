import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  call,
  createDemoOrganization,
  createUser,
  humanAgent,
  openSocket,
  password,
  say,
  startConversation,
} from "./support.ts";

const site = "https://api.frontdesk.test";

/** Signs a user in as a browser would; answers the cookie to send back and the CSRF token. */
async function signIn(email: string, secret = password) {
  const response = await call("/v1/auth/session", { method: "POST", json: { email, password: secret } });
  const body = await response.json<{ csrfToken: string; user: { email: string }; scopes: string[] }>();
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { response, body, setCookie, cookie: setCookie.split(";")[0] ?? "" };
}

/** A request from the workspace's own pages: the cookie, same-origin, and (for writes) the CSRF token. */
const fromApp = (cookie: string, csrf?: string, extra: Record<string, string> = {}) => ({
  cookie,
  origin: site,
  ...(csrf ? { "x-csrf-token": csrf } : {}),
  ...extra,
});

describe("browser sign-in for the agent workspace", () => {
  it("sets an HttpOnly SameSite=Strict cookie whose token is stored only as a hash, and signs out for good", async () => {
    const { apiKey } = await createDemoOrganization();
    const user = await createUser(apiKey.key, "agent");
    const { response, body, setCookie, cookie } = await signIn(user.email);
    expect(response.status).toBe(200);
    expect(setCookie).toMatch(/^__Host-frontdesk_session=[A-Za-z0-9]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Secure/);
    expect(body.scopes).toContain("conversations:write");
    expect(body.scopes).not.toContain("config:write");

    const token = cookie.split("=")[1] ?? "";
    const rows = await createDb(env)
      .select()
      .from(schema.staffSessions)
      .where(eq(schema.staffSessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    // A reload: the cookie alone says who this is, and gives the CSRF token again.
    const current = await call("/v1/auth/session", { headers: { cookie } });
    expect(current.status).toBe(200);
    expect(await current.json()).toMatchObject({ user: { email: user.email }, csrfToken: body.csrfToken });
    expect((await call("/v1/inbox", { headers: { cookie } })).status).toBe(200);

    const out = await call("/v1/auth/session", { method: "DELETE", headers: fromApp(cookie, body.csrfToken) });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const after = await call("/v1/inbox", { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses a wrong password with the same answer as an unknown email", async () => {
    const { apiKey } = await createDemoOrganization();
    const user = await createUser(apiKey.key, "agent");
    const wrong = await signIn(user.email, "not the password at all");
    const unknown = await signIn("nobody@nowhere.example");
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.setCookie).toBe("");
    expect(wrong.body).toEqual(unknown.body);
  });

  it("writes with the cookie need the CSRF token and a same-site origin; reads do not", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversationId = await startConversation(apiKey.key);
    const user = await createUser(apiKey.key, "agent");
    const { body, cookie } = await signIn(user.email);
    const note = { method: "POST", json: { content: "Checked the order." } };

    const noToken = await call(`/v1/conversations/${conversationId}/notes`, { ...note, headers: fromApp(cookie) });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ detail: expect.stringMatching(/x-csrf-token/) });
    const forged = await call(`/v1/conversations/${conversationId}/notes`, {
      ...note,
      headers: fromApp(cookie, "0".repeat(64)),
    });
    expect(forged.status).toBe(403);
    const crossSite = await call(`/v1/conversations/${conversationId}/notes`, {
      ...note,
      headers: { ...fromApp(cookie, body.csrfToken), origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    // Nothing was written by the refused requests.
    const before = await call(`/v1/conversations/${conversationId}/notes`, { headers: { cookie } });
    expect((await before.json<{ data: unknown[] }>()).data).toEqual([]);

    const written = await call(`/v1/conversations/${conversationId}/notes`, {
      ...note,
      headers: fromApp(cookie, body.csrfToken),
    });
    expect(written.status).toBe(201);

    // A WebSocket from another site never rides the cookie.
    const feed = await call("/v1/inbox/live", {
      headers: { cookie, upgrade: "websocket", origin: "https://evil.example" },
    });
    expect(feed.status).toBe(403);
  });

  it("a deactivated user's cookie stops working at once", async () => {
    const { apiKey } = await createDemoOrganization();
    const user = await createUser(apiKey.key, "agent");
    const { cookie } = await signIn(user.email);
    expect((await call("/v1/inbox", { headers: { cookie } })).status).toBe(200);
    await call(`/v1/users/${user.id}`, { method: "PATCH", token: apiKey.key, json: { isActive: false } });
    expect((await call("/v1/inbox", { headers: { cookie } })).status).toBe(401);
  });
});

describe("the inbox", () => {
  it("lists conversations by queue with customer and last message, searches, and counts", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const quiet = await startConversation(apiKey.key, { name: "Quinn Quiet", email: "quinn@example.com" });
    await say(apiKey.key, quiet, "What are your opening hours?");
    const handed = await startConversation(apiKey.key, { name: "Harper Hand", phone: "+44 7700 900555" });
    await say(apiKey.key, handed, "I want to talk to a person please");

    const inbox = async (query: string, token = agent.token) =>
      (await call(`/v1/inbox?${query}`, { token })).json<{
        data: { id: string; status: string; customer: { name: string }; lastMessage: { role: string } | null }[];
        counts: { waiting: number; mine: number; open: number };
      }>();
    const open = await inbox("queue=open");
    expect(open.data.map((item) => item.id)).toEqual([handed, quiet]);
    expect(open.data[1]).toMatchObject({ customer: { name: "Quinn Quiet" }, lastMessage: { role: "assistant" } });
    expect(open.counts).toEqual({ waiting: 1, mine: 0, open: 2, urgent: 0 });
    expect((await inbox("queue=waiting")).data.map((item) => item.id)).toEqual([handed]);
    expect((await inbox("queue=open&q=quinn")).data.map((item) => item.id)).toEqual([quiet]);
    expect((await inbox("queue=open&q=0790%200555")).data).toEqual([]);
    expect((await inbox("queue=open&q=7700900555")).data.map((item) => item.id)).toEqual([handed]);

    // Take over: the conversation is mine, with an agent, and the assistant stays quiet.
    const taken = await call(`/v1/conversations/${handed}/assign`, {
      method: "POST",
      token: agent.token,
      json: { agentId: "me" },
    });
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ conversation: { status: "with_agent", agentId: agent.agentId } });
    const mine = await inbox("queue=mine");
    expect(mine.data.map((item) => item.id)).toEqual([handed]);
    expect(mine.counts).toEqual({ waiting: 0, mine: 1, open: 2, urgent: 0 });
    const turn = await say(apiKey.key, handed, "Hello? What are your opening hours?");
    expect(turn.reply).toBeNull();

    // Back to the queue.
    const released = await call(`/v1/conversations/${handed}/assign`, {
      method: "POST",
      token: agent.token,
      json: { agentId: null },
    });
    expect(await released.json()).toMatchObject({ conversation: { status: "waiting", agentId: null } });
    const audit = await (
      await call(`/v1/audit-logs?resource=conversation&resourceId=${handed}`, { token: apiKey.key })
    ).json<{ data: { action: string }[] }>();
    expect(audit.data.map((row) => row.action)).toEqual(["conversation.unassigned", "conversation.assigned"]);
  });

  it("an API key cannot assign to an agent of another organization, nor to 'me'", async () => {
    const { apiKey } = await createDemoOrganization();
    const other = await createDemoOrganization();
    const stranger = await humanAgent(other.apiKey.key);
    const id = await startConversation(apiKey.key);
    const foreign = await call(`/v1/conversations/${id}/assign`, {
      method: "POST",
      token: apiKey.key,
      json: { agentId: stranger.agentId },
    });
    expect(foreign.status).toBe(400);
    const me = await call(`/v1/conversations/${id}/assign`, {
      method: "POST",
      token: apiKey.key,
      json: { agentId: "me" },
    });
    expect(me.status).toBe(400);
  });

  it("the live feed brings a new conversation, each message and each private note, and closes on sign-out", async () => {
    const { apiKey } = await createDemoOrganization();
    const user = await createUser(apiKey.key, "agent");
    const { body, cookie } = await signIn(user.email);
    const feed = await openSocket("/v1/inbox/live", { cookie, origin: site });
    await feed.until((event) => event.type === "ready");

    const id = await startConversation(apiKey.key, { name: "Lou Live" });
    await feed.until((event) => event.type === "conversation" && event.conversation?.id === id);
    await say(apiKey.key, id, "Do you repair e-bikes?");
    const message = await feed.until(
      (event) => event.type === "conversation" && (event.messages ?? []).some((m) => m.role === "customer"),
    );
    expect(message?.messages?.map((m) => m.role)).toEqual(["customer", "assistant"]);
    // A reply does not wait for the feed, and the feed still hears the turns in the order they happened.
    const asked = ["Do you sell helmets?", "And bike locks?"];
    for (const question of asked) await say(apiKey.key, id, question);
    await feed.until((event) => (event.messages ?? []).some((m) => m.content === asked[1]));
    const heard = feed.events.flatMap((event) =>
      event.type === "conversation" && event.conversation?.id === id
        ? (event.messages ?? []).filter((m) => m.role === "customer").map((m) => m.content)
        : [],
    );
    expect(heard).toEqual(["Do you repair e-bikes?", ...asked]);

    const written = await call(`/v1/conversations/${id}/notes`, {
      method: "POST",
      headers: fromApp(cookie, body.csrfToken),
      json: { content: "Customer called earlier about the battery." },
    });
    expect(written.status).toBe(201);
    const note = await feed.until((event) => event.type === "note");
    expect(note?.note).toMatchObject({ conversationId: id, content: "Customer called earlier about the battery." });

    // Signing out revokes the session: the feed's next credential check closes the socket.
    await call("/v1/auth/session", { method: "DELETE", headers: fromApp(cookie, body.csrfToken) });
    const rows = await createDb(env)
      .select()
      .from(schema.staffSessions)
      .where(eq(schema.staffSessions.userId, user.id));
    expect(rows[0]?.revokedAt).not.toBeNull();
    feed.socket.close();
  });

  it("a private note never reaches the customer's side of the conversation", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const id = await startConversation(apiKey.key);
    const secret = "Internal: customer owes us for the last service";
    const written = await call(`/v1/conversations/${id}/notes`, {
      method: "POST",
      token: agent.token,
      json: { content: secret },
    });
    expect(written.status).toBe(201);
    expect(await written.json()).toMatchObject({ note: { content: secret, authorName: "Sam" } });
    const history = await (await call(`/v1/conversations/${id}/messages`, { token: apiKey.key })).text();
    expect(history).not.toContain(secret);
    const turn = await say(apiKey.key, id, "Hi, what are your opening hours?");
    expect(JSON.stringify(turn)).not.toContain(secret);
    const notes = await (await call(`/v1/conversations/${id}/notes`, { token: apiKey.key })).json<{
      data: { content: string }[];
    }>();
    expect(notes.data.map((n) => n.content)).toEqual([secret]);
    // The person's GDPR export lists what staff wrote about them; erasing the person deletes it.
    const { conversation } = await (await call(`/v1/conversations/${id}`, { token: apiKey.key })).json<{
      conversation: { customerId: string };
    }>();
    const exported = await (await call(`/v1/customers/${conversation.customerId}/export`, { token: apiKey.key })).json<{
      conversations: { id: string; staffNotes: { content: string }[] }[];
    }>();
    expect(exported.conversations.find((row) => row.id === id)?.staffNotes.map((n) => n.content)).toEqual([secret]);
    const erased = await call(`/v1/customers/${conversation.customerId}`, { method: "DELETE", token: apiKey.key });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ erased: { conversation_notes: 1 } });
    const after = await (await call(`/v1/conversations/${id}/notes`, { token: apiKey.key })).json<{
      data: unknown[];
    }>();
    expect(after.data).toEqual([]);
    // Another organization cannot read or write them.
    const other = await createDemoOrganization();
    expect((await call(`/v1/conversations/${id}/notes`, { token: other.apiKey.key })).status).toBe(404);
    const foreign = await call(`/v1/conversations/${id}/notes`, {
      method: "POST",
      token: other.apiKey.key,
      json: { content: "hello" },
    });
    expect(foreign.status).toBe(404);
  });
});

describe("canned responses", () => {
  it("admins keep them, agents read and find them by shortcut, a shortcut is unique", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const created = await call("/v1/canned-responses", {
      method: "POST",
      token: apiKey.key,
      json: { shortcut: "Shipping", title: "Shipping times", content: "Parts ship within two working days." },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ cannedResponse: { shortcut: "shipping" } });
    const duplicate = await call("/v1/canned-responses", {
      method: "POST",
      token: apiKey.key,
      json: { shortcut: "shipping", title: "Again", content: "Again" },
    });
    expect(duplicate.status).toBe(409);
    const bad = await call("/v1/canned-responses", {
      method: "POST",
      token: apiKey.key,
      json: { shortcut: "has spaces", title: "x", content: "y" },
    });
    expect(bad.status).toBe(400);
    const byAgent = await call("/v1/canned-responses", {
      method: "POST",
      token: agent.token,
      json: { shortcut: "mine", title: "x", content: "y" },
    });
    expect(byAgent.status).toBe(403);
    const found = await (await call("/v1/canned-responses?q=shi", { token: agent.token })).json<{
      data: { shortcut: string }[];
    }>();
    expect(found.data.map((row) => row.shortcut)).toEqual(["shipping"]);
    // The demo's own saved replies are there too, for the organization only.
    const all = await (await call("/v1/canned-responses", { token: agent.token })).json<{
      data: { shortcut: string }[];
    }>();
    expect(all.data.map((row) => row.shortcut).sort()).toEqual(["opening-hours", "quote", "shipping", "thanks"]);
  });
});

describe("the knowledge editor's preview", () => {
  it("answers as the assistant would, with its source and confidence, and hands over when it does not know", async () => {
    const { apiKey } = await createDemoOrganization();
    const preview = async (question: string) => {
      const response = await call("/v1/knowledge/preview", { method: "POST", token: apiKey.key, json: { question } });
      expect(response.status).toBe(200);
      return response.json<{ reply: string; handover: boolean; confidence: number; sources: { title: string }[] }>();
    };
    const known = await preview("Do you take trade-ins?");
    expect(known.handover).toBe(false);
    expect(known.sources[0]?.title).toBe("Do you take trade-ins?");
    expect(known.confidence).toBeGreaterThan(0.45);
    const unknown = await preview("Can you fix my dishwasher?");
    expect(unknown.handover).toBe(true);
    expect(unknown.sources).toEqual([]);
    // A preview stores nothing: no conversation, no customer.
    const conversations = await (await call("/v1/conversations", { token: apiKey.key })).json<{ data: unknown[] }>();
    expect(conversations.data).toEqual([]);
  });
});

describe("presence from the workspace", () => {
  it("the signed-in agent finds their own agent and heartbeats it online and away", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const me = await call("/v1/presence/me", { token: agent.token });
    expect(await me.json()).toMatchObject({ presence: { agentId: agent.agentId, status: "offline" } });
    for (const status of ["online", "away"] as const) {
      const beat = await call(`/v1/presence/agents/${agent.agentId}`, {
        method: "PUT",
        token: agent.token,
        json: { status },
      });
      expect(await beat.json()).toMatchObject({ presence: { status } });
    }
    expect((await call("/v1/presence/me", { token: apiKey.key })).status).toBe(404);
  });
});
