import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { hmacSha256Hex } from "@frontdesk/http";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { askWithUseChat, call, createDemoOrganization, humanAgent, openSocket, randomTestAddress } from "./support.ts";

const site = "https://northwind.example";

/** The demo business's web channel, with this config; its publishable key. */
async function webChannel(ownerKey: string, config: Record<string, unknown> = {}) {
  const response = await call("/v1/channels", {
    method: "POST",
    token: ownerKey,
    json: { type: "web", name: "Website chat", config, allowedOrigins: [site] },
  });
  expect(response.status).toBe(201);
  return (await response.json<{ channel: { id: string; publishableKey: string } }>()).channel;
}

interface Session {
  token: string;
  visitorId: string;
  conversation: { id: string; created: boolean };
}

/** A browser on the business's site, from one address. */
function visitor(key: string, ip = randomTestAddress()) {
  const visit = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) =>
    call(`/v1/public/${key}${path}`, {
      ...init,
      headers: { origin: site, "cf-connecting-ip": ip, ...Object.fromEntries(new Headers(init.headers)) },
    });
  const start = async (json: Record<string, unknown> = {}, token?: string) =>
    visit("/conversations", { method: "POST", json, ...(token ? { token } : {}) });
  return { visit, start };
}

/** The demo knowledge base's entry with this title. */
async function entryTitled(key: string, title: string) {
  const entries = await call("/v1/knowledge?limit=100", { token: key });
  return (await entries.json<{ data: { id: string; title: string }[] }>()).data.find((entry) => entry.title === title);
}

/** A new visitor on a new web channel asks one question; the turn as the visitor API answers it. */
async function visitorAsks(key: string, content: string) {
  const browser = visitor((await webChannel(key)).publishableKey);
  const session = await (await browser.start()).json<Session>();
  const asked = await browser.visit("/conversation/messages", {
    method: "POST",
    token: session.token,
    json: { content },
  });
  return asked.json<{ reply: { sources: { title: string; url: string | null }[] } }>();
}

describe("web chat visitors", () => {
  it("see an answer's source as a link when the entry has a page", async () => {
    const { apiKey } = await createDemoOrganization();
    const tradeIns = await entryTitled(apiKey.key, "Do you take trade-ins?");
    const page = "https://northwind.example/trade-ins";
    const edited = await call(`/v1/knowledge/${tradeIns?.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { sourceUrl: page },
    });
    expect(edited.status).toBe(200);
    const turn = await visitorAsks(apiKey.key, "Do you take trade-ins?");
    expect(turn.reply.sources).toEqual([expect.objectContaining({ title: "Do you take trade-ins?", url: page })]);
  });

  it("never get a javascript: or data: link: refused on write, and dropped on render if one was stored before", async () => {
    const { apiKey } = await createDemoOrganization();
    const tradeIns = await entryTitled(apiKey.key, "Do you take trade-ins?");
    for (const sourceUrl of ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"]) {
      const refused = await call(`/v1/knowledge/${tradeIns?.id}`, {
        method: "PATCH",
        token: apiKey.key,
        json: { sourceUrl },
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("http and https");
    }
    // A link stored before the rule (written straight to the table) is not rendered as a link.
    await createDb(env)
      .update(schema.knowledgeEntries)
      .set({ sourceUrl: "javascript:alert(1)" })
      .where(eq(schema.knowledgeEntries.id, tradeIns?.id ?? ""));
    const turn = await visitorAsks(apiKey.key, "Do you take trade-ins?");
    expect(turn.reply.sources).toEqual([expect.objectContaining({ title: "Do you take trade-ins?", url: null })]);
  });

  it("start, ask, see the answer with its source, come back with the token to the same conversation", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const browser = visitor(channel.publishableKey);
    const started = await browser.start({ name: "Rae" });
    expect(started.status).toBe(201);
    expect(started.headers.get("access-control-allow-origin")).toBe(site);
    const session = await started.json<Session>();
    expect(session.token.split(".")).toHaveLength(3);

    const asked = await browser.visit("/conversation/messages", {
      method: "POST",
      token: session.token,
      json: { content: "Do you take trade-ins?" },
    });
    expect(asked.status).toBe(200);
    const turn = await asked.json<{
      reply: { role: string; content: string; authorName: string; sources: { title: string }[] } & Record<
        string,
        unknown
      >;
      conversation: Record<string, unknown>;
    }>();
    expect(turn.reply).toMatchObject({ role: "assistant", authorName: "Nora" });
    expect(turn.reply.sources[0]?.title).toBe("Do you take trade-ins?");
    // Visitors see the words and their sources, never what staff see.
    expect(turn.reply).not.toHaveProperty("metadata");
    expect(Object.keys(turn.conversation).sort()).toEqual(["csatScore", "id", "status"]);

    const again = await browser.start({}, session.token);
    expect(again.status).toBe(200);
    const resumed = await again.json<Session>();
    expect(resumed.conversation.id).toBe(session.conversation.id);
    expect(resumed.visitorId).toBe(session.visitorId);
    const history = await (await browser.visit("/conversation/messages", { token: resumed.token })).json<{
      data: { role: string; authorName: string | null }[];
    }>();
    expect(history.data.map((message) => [message.role, message.authorName])).toEqual([
      ["assistant", "Nora"],
      ["customer", null],
    ]);

    // Seed 001's visitor_session_id: staff find one browser's conversations.
    const listed = await call(`/v1/conversations?visitorSessionId=${session.visitorId}`, { token: apiKey.key });
    const { data } = await listed.json<{ data: { id: string; visitorSessionId: string }[] }>();
    expect(data).toEqual([
      expect.objectContaining({ id: session.conversation.id, visitorSessionId: session.visitorId }),
    ]);
  });

  it("useChat's transport streams the reply from the visitor API with the visitor token", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const session = await (await visitor(channel.publishableKey).start()).json<Session>();
    const reply = await askWithUseChat(
      `/v1/public/${channel.publishableKey}/conversation/messages`,
      { authorization: `Bearer ${session.token}`, origin: site, "cf-connecting-ip": "203.0.113.200" },
      session.conversation.id,
      "Do you take trade-ins?",
    );
    const text = reply?.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
    expect(text).toMatch(/trade/i);
    expect(reply?.parts).toContainEqual(expect.objectContaining({ title: "Do you take trade-ins?" }));
    expect(reply?.metadata).not.toHaveProperty("intent");
  });

  it("a token opens only its own channel's conversation, and no staff route", async () => {
    const { apiKey } = await createDemoOrganization();
    const first = await webChannel(apiKey.key);
    const second = await webChannel(apiKey.key);
    const session = await (await visitor(first.publishableKey).start()).json<Session>();
    const elsewhere = await visitor(second.publishableKey).visit("/conversation", { token: session.token });
    expect(elsewhere.status).toBe(401);
    expect((await call(`/v1/conversations/${session.conversation.id}`, { token: session.token })).status).toBe(401);
    expect((await visitor(first.publishableKey).visit("/conversation")).status).toBe(401);
    expect((await visitor(first.publishableKey).visit("/conversation", { token: "x.y.z" })).status).toBe(401);
  });

  it("refuses a disallowed origin and anything beyond the channel's limits with 429 and Retry-After", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key, {
      limits: { conversationsPerIp: 2, messagesPerVisitorPerMinute: 2, maxMessageLength: 40 },
    });
    const foreign = await call(`/v1/public/${channel.publishableKey}/conversations`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
      json: {},
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");

    const browser = visitor(channel.publishableKey);
    expect((await browser.start()).status).toBe(201);
    const session = await (await browser.start()).json<Session>();
    const third = await browser.start();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(12 * 3600 - 60);
    expect(await third.json()).toMatchObject({ type: expect.stringMatching(/rate-limited$/) });

    const send = (content: string) =>
      browser.visit("/conversation/messages", { method: "POST", token: session.token, json: { content } });
    const tooLong = await send("x".repeat(41));
    expect(tooLong.status).toBe(413);
    expect((await send("Hello")).status).toBe(200);
    const spent = await send("Hello again");
    expect(spent.status).toBe(429);
    expect(Number(spent.headers.get("retry-after"))).toBeGreaterThan(0);
    const history = await (await browser.visit("/conversation/messages", { token: session.token })).json<{
      data: unknown[];
    }>();
    // The refused messages left nothing behind.
    expect(history.data).toHaveLength(2);
  });

  it("identity verification: a valid userHash links the visitor to that customer, a forged one is refused", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const browser = visitor(channel.publishableKey);
    const withoutSecret = await browser.start({ userId: "user-42", userHash: "a".repeat(64) });
    expect(withoutSecret.status).toBe(403);

    const rotated = await call(`/v1/channels/${channel.id}/identity-secret`, { method: "POST", token: apiKey.key });
    expect(rotated.status).toBe(200);
    const { identitySecret } = await rotated.json<{ identitySecret: string }>();
    const stored = await createDb(env)
      .select({ sealed: schema.channels.credentialsCiphertext })
      .from(schema.channels)
      .where(eq(schema.channels.id, channel.id));
    expect(stored[0]?.sealed).not.toContain(identitySecret);

    const forged = await browser.start({ userId: "user-42", userHash: await hmacSha256Hex("guess", "user-42") });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ type: expect.stringMatching(/identity-verification-failed$/) });
    expect((await browser.start({ userId: "user-42" })).status).toBe(400);

    const verified = await browser.start({
      userId: "user-42",
      userHash: await hmacSha256Hex(identitySecret, "user-42"),
    });
    expect(verified.status).toBe(201);
    const session = await verified.json<Session>();
    const conversation = await (
      await call(`/v1/conversations/${session.conversation.id}`, { token: apiKey.key })
    ).json<{
      conversation: { customerId: string };
    }>();
    const [customer] = await createDb(env)
      .select({ externalId: schema.customers.externalId })
      .from(schema.customers)
      .where(eq(schema.customers.id, conversation.conversation.customerId));
    expect(customer?.externalId).toBe("user-42");

    const anonymous = await (await browser.start()).json<Session>();
    const other = await (await call(`/v1/conversations/${anonymous.conversation.id}`, { token: apiKey.key })).json<{
      conversation: { customerId: string };
    }>();
    expect(other.conversation.customerId).not.toBe(conversation.conversation.customerId);

    // A signed-in user's token lives a day, not a season like an anonymous visitor's.
    const lifetime = (token: string) => {
      const claims = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")));
      return claims.exp - Math.floor(claims.itm / 1000);
    };
    expect(lifetime(session.token)).toBeLessThanOrEqual(24 * 3600);
    expect(lifetime(anonymous.token)).toBeGreaterThan(30 * 24 * 3600);

    // The business signs the user out everywhere: every token of that customer stops at once.
    const revoked = await call(`/v1/customers/${conversation.conversation.customerId}/visitor-tokens/revoke`, {
      method: "POST",
      token: apiKey.key,
      json: {},
    });
    expect(revoked.status).toBe(200);
    expect((await browser.visit("/conversation", { token: session.token })).status).toBe(401);
    expect((await browser.visit("/conversation", { token: anonymous.token })).status).toBe(200);
  });

  it("a visitor's sign-out, or the business revoking one browser, ends that visitor's token and no other", async () => {
    const { apiKey } = await createDemoOrganization();
    const browser = visitor((await webChannel(apiKey.key)).publishableKey);
    const first = await (await browser.start()).json<Session>();
    const second = await (await browser.start()).json<Session>();
    expect((await browser.visit("/conversation", { token: first.token })).status).toBe(200);
    const signedOut = await browser.visit("/conversation/session", { method: "DELETE", token: first.token });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get("access-control-allow-origin")).toBe(site);
    expect((await browser.visit("/conversation", { token: first.token })).status).toBe(401);
    expect((await browser.visit("/conversation", { token: second.token })).status).toBe(200);
    // Coming back with the revoked token starts a new, unknown visitor.
    const again = await (await browser.start({}, first.token)).json<Session>();
    expect(again.visitorId).not.toBe(first.visitorId);

    const customerId = (
      await (
        await call(`/v1/conversations/${second.conversation.id}`, { token: apiKey.key })
      ).json<{
        conversation: { customerId: string };
      }>()
    ).conversation.customerId;
    const byBrowser = await call(`/v1/customers/${customerId}/visitor-tokens/revoke`, {
      method: "POST",
      token: apiKey.key,
      json: { visitorId: second.visitorId },
    });
    expect(await byBrowser.json()).toEqual({ revoked: { customerId, visitorId: second.visitorId } });
    expect((await browser.visit("/conversation", { token: second.token })).status).toBe(401);
    const audit = await call(`/v1/audit-logs?action=customer.visitor_tokens_revoked&resourceId=${customerId}`, {
      token: apiKey.key,
    });
    expect((await audit.json<{ data: unknown[] }>()).data).toHaveLength(1);
  });

  it("outside business hours the offline message shows and messages wait for a person", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key, {
      businessHours: { timeZone: "Europe/London", days: {} },
      offlineMessage: "Back on Monday.",
    });
    const browser = visitor(channel.publishableKey);
    expect(await (await browser.visit("/channel")).json()).toMatchObject({
      online: false,
      offlineMessage: "Back on Monday.",
    });
    const session = await (await browser.start()).json<Session>();
    const turn = await (
      await browser.visit("/conversation/messages", {
        method: "POST",
        token: session.token,
        json: { content: "Can you fix my brakes?" },
      })
    ).json<{ reply: unknown; conversation: { status: string } }>();
    expect(turn.reply).toBeNull();
    expect(turn.conversation.status).toBe("waiting");
  });

  it("a pre-chat form on the channel must be answered before the conversation starts", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key, {
      preChatForm: { enabled: true, email: "required", consentText: "I agree to the privacy policy." },
    });
    const browser = visitor(channel.publishableKey);
    const missing = await browser.start({ name: "Kim" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ fields: ["email", "consent"] });
    const started = await browser.start({ name: "Kim", email: "kim@example.com", consent: true });
    expect(started.status).toBe(201);
    const { conversation } = await started.json<Session>();
    const [row] = await createDb(env)
      .select({ metadata: schema.conversations.metadata })
      .from(schema.conversations)
      .where(eq(schema.conversations.id, conversation.id));
    expect(row?.metadata).toMatchObject({ preChat: { consent: true, consentText: "I agree to the privacy policy." } });
  });

  it("the live socket authenticates with a subprotocol: agent replies and typing arrive as visitor views", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const sam = await humanAgent(apiKey.key);
    const browser = visitor(channel.publishableKey);
    const session = await (await browser.start()).json<Session>();
    const live = await openSocket(`/v1/public/${channel.publishableKey}/conversation/live`, {
      "sec-websocket-protocol": `frontdesk.visitor, ${session.token}`,
      origin: site,
    });
    expect(live.response.headers.get("sec-websocket-protocol")).toBe("frontdesk.visitor");
    await live.until((event) => event.type === "ready");

    const agent = await openSocket(`/v1/conversations/${session.conversation.id}/live`, {
      authorization: `Bearer ${sam.token}`,
    });
    await agent.until((event) => event.type === "ready");
    agent.socket.send(JSON.stringify({ type: "typing", typing: true }));
    expect(await live.until((event) => event.type === "typing")).toMatchObject({
      role: "agent",
      typing: true,
      name: "Sam",
    });

    const replied = await call(`/v1/conversations/${session.conversation.id}/agent-messages`, {
      method: "POST",
      token: sam.token,
      json: { content: "Sam here, how can I help?" },
    });
    expect(replied.status).toBe(200);
    const seen = await live.until((event) => event.message?.role === "agent");
    expect(seen?.message).toMatchObject({ content: "Sam here, how can I help?", authorName: "Sam" });
    expect(seen?.message).not.toHaveProperty("metadata");
    await live.until((event) => event.conversation?.status === "with_agent");

    live.socket.send(JSON.stringify({ type: "typing", typing: true }));
    expect(await agent.until((event) => event.type === "typing")).toMatchObject({ role: "customer" });

    const withoutToken = await exports.default.fetch(
      `https://api.frontdesk.test/v1/public/${channel.publishableKey}/conversation/live`,
      { headers: { upgrade: "websocket", "sec-websocket-protocol": "frontdesk.visitor" } },
    );
    expect(withoutToken.status).toBe(401);
    live.socket.close();
    agent.socket.close();
  });

  it("the visitor rates the conversation once it is closed", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const browser = visitor(channel.publishableKey);
    const session = await (await browser.start()).json<Session>();
    const rate = () => browser.visit("/conversation/csat", { method: "PUT", token: session.token, json: { score: 5 } });
    expect((await rate()).status).toBe(409);
    await call(`/v1/conversations/${session.conversation.id}/close`, { method: "POST", token: apiKey.key });
    const rated = await rate();
    expect(rated.status).toBe(200);
    expect(await rated.json()).toMatchObject({ conversation: { status: "closed", csatScore: 5 } });
    // A closed conversation takes no more messages; the same visitor starts a new one.
    const late = await browser.visit("/conversation/messages", {
      method: "POST",
      token: session.token,
      json: { content: "One more thing" },
    });
    expect(late.status).toBe(409);
    const next = await (await browser.start({}, session.token)).json<Session>();
    expect(next.conversation.id).not.toBe(session.conversation.id);
    expect(next.visitorId).toBe(session.visitorId);
  });

  it("a visitor's file goes through the same door: their token, their budget, their conversation, and staff open it", async () => {
    const { apiKey } = await createDemoOrganization();
    const channel = await webChannel(apiKey.key);
    const browser = visitor(channel.publishableKey);
    const session = await (await browser.start({})).json<Session>();
    const photo = new Uint8Array(
      await (await fetch(`${inject("webhookReceiverUrl")}/media-file/png-30000`)).arrayBuffer(),
    );
    const form = () => {
      const body = new FormData();
      body.set("file", new File([photo], "wheel.png", { type: "image/png" }));
      body.set("content", "Can you fix this?");
      return body;
    };
    const sent = await browser.visit("/conversation/attachments", {
      method: "POST",
      token: session.token,
      body: form(),
    });
    expect(sent.status).toBe(200);
    expect(sent.headers.get("access-control-allow-origin")).toBe(site);
    const turn = await sent.json<{
      message: Record<string, unknown>;
      reply: { content: string; authorName: string };
    }>();
    expect(turn.message).toMatchObject({
      content: "Can you fix this?",
      attachment: { kind: "image", type: "image/png", filename: "wheel.png", size: 30_000 },
    });
    expect(turn.reply).toMatchObject({ authorName: "Nora" });
    expect(turn.reply.content).toContain("I can't open pictures myself");

    const history = await (await browser.visit("/conversation/messages", { token: session.token })).json<{
      data: { role: string; attachment: { filename: string } | null }[];
    }>();
    expect(history.data.find((message) => message.role === "customer")?.attachment?.filename).toBe("wheel.png");

    // Staff open it from the message API: a redirect to a short-lived signed link, then the bytes.
    const messages = await call(`/v1/conversations/${session.conversation.id}/messages`, { token: apiKey.key });
    const { data } = await messages.json<{ data: { role: string; media: { url: string } | null }[] }>();
    const media = data.find((message) => message.role === "customer")?.media;
    expect(media?.url).toMatch(/^\/v1\/attachments\//);
    const signed = await call(media?.url ?? "", { token: apiKey.key, redirect: "manual" });
    expect(signed.status).toBe(302);
    const file = await call(signed.headers.get("location") ?? "");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(photo);

    // No token, no file; and a staff key is not a visitor.
    expect((await browser.visit("/conversation/attachments", { method: "POST", body: form() })).status).toBe(401);
    const asStaff = await browser.visit("/conversation/attachments", {
      method: "POST",
      token: apiKey.key,
      body: form(),
    });
    expect(asStaff.status).toBe(401);
  });
});
