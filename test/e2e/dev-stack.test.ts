import { readFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { Analytics } from "@segment/analytics-node";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchBrowser, screenshotDirectory } from "./browser.ts";
import { root, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let dataDir: string;
let port: number;
/** Between the stack and its database, so a test can take the database away mid-run. */
let databaseLink: Stack["databaseLink"];

beforeAll(async () => {
  stack = await startStack();
  ({ dataDir, port, databaseLink } = stack);
}, 120_000);

afterAll(() => stack.stop(), 30_000);

it("the dev stack answers /health over HTTP with the database and the chat worker up", async () => {
  const devVars = await readFile(join(root, ".dev.vars"), "utf8");
  const adminToken = /^FRONTDESK_ADMIN_TOKEN=(.+)$/m.exec(devVars)?.[1]?.replace(/^"|"$/g, "");
  const response = await fetch(`http://127.0.0.1:${port}/health`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    service: "gateway",
    status: "ok",
    database: { status: "ok" },
    services: { chat: { status: "ok" } },
  });
});

it("routes unknown paths to a problem+json 404 through the running gateway", async () => {
  const response = await fetch(`http://127.0.0.1:${port}/nothing-here`);
  expect(response.status).toBe(404);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
});

it("follows the README: the admin token from .dev.vars creates an organization whose key then works", async () => {
  const devVars = await readFile(join(root, ".dev.vars"), "utf8");
  const adminToken = /^FRONTDESK_ADMIN_TOKEN=(.+)$/m.exec(devVars)?.[1]?.replace(/^"|"$/g, "");
  expect(adminToken).toBeTruthy();
  const created = await fetch(`http://127.0.0.1:${port}/v1/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Readme Cafe" }),
  });
  expect(created.status).toBe(201);
  const { apiKey } = (await created.json()) as { apiKey: { key: string } };
  const me = await fetch(`http://127.0.0.1:${port}/v1/organizations/current`, {
    headers: { authorization: `Bearer ${apiKey.key}` },
  });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ organization: { name: "Readme Cafe" } });
});

it("serves one OpenAPI document for every worker that validates against the OpenAPI 3.1 schema", async () => {
  const document = (await (await fetch(`http://127.0.0.1:${port}/v1/openapi.json`)).json()) as Record<string, unknown>;
  expect(Object.keys(document.paths as object)).toEqual(expect.arrayContaining(["/v1/agents", "/v1/conversations"]));
  const validator = new Validator();
  const result = await validator.validate(document);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});

it("the API reference renders every operation in a real browser, its script served by the gateway itself", async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const offSite: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(`http://127.0.0.1:${port}/`) && !request.url().startsWith("data:"))
        offSite.push(request.url());
    });
    await page.goto(`http://127.0.0.1:${port}/docs`);
    // Scalar lists each operation by its summary; these come from three different workers.
    for (const summary of [
      "Create an organization and its first owner API key",
      "Book a slot; answered 409 with the conflicting slot when it is taken",
      "List channels, newest first",
    ]) {
      await page.getByText(summary, { exact: false }).first().waitFor({ timeout: 30_000 });
    }
    await page.screenshot({ path: join(screenshotDirectory, "api-reference.png") });
    expect(offSite).toEqual([]);
  } finally {
    await browser.close();
  }
}, 90_000);

/** A page on another origin (not allowed by the demo channel) that embeds the widget from the stack. */
async function foreignSite(widgetUrl: string, key: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>Elsewhere</title><script src="${widgetUrl}" data-key="${key}" async></script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://localhost:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

it("a visitor chats with Northwind Cycles on the demo page, comes back after a reload, and an agent steps in live", async () => {
  const base = `http://127.0.0.1:${port}`;
  expect(await (await fetch(`${base}/`)).text()).toContain('href="/demo"');
  const widgetScript = await fetch(`${base}/widget.js`);
  expect(widgetScript.status).toBe(200);
  expect(widgetScript.headers.get("cache-control")).toContain("max-age=300");
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/demo`);
    const launcher = page.getByRole("button", { name: "Open chat" });
    await launcher.click();
    const panel = page.getByRole("dialog", { name: "Website chat" });
    await panel.getByText("I'm Nora from Northwind Cycles").waitFor();
    await panel.getByRole("textbox").fill("Do you take trade-ins?");
    await panel.getByRole("textbox").press("Enter");
    const answer = panel.locator(".msg.assistant").filter({ hasText: /trade/i }).last();
    await answer.waitFor({ timeout: 20_000 });
    await answer.locator(".sources").getByText("Do you take trade-ins?").waitFor();
    await answer.locator(".author").getByText("Nora").waitFor();
    await page.screenshot({ path: join(screenshotDirectory, "widget-answer.png") });

    // Unsure what is meant, the assistant offers the entries that may fit; a click answers one.
    await panel.getByRole("textbox").fill("cancel repair slot?");
    await panel.getByRole("textbox").press("Enter");
    const choices = panel.getByRole("group", { name: "Did you mean" });
    await choices.getByRole("button", { name: "None of these" }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshotDirectory, "widget-did-you-mean.png") });
    await choices.getByRole("button", { name: "How do I cancel or move a booking?" }).click();
    const picked = panel
      .locator(".msg.assistant")
      .filter({ has: page.locator(".sources") })
      .last();
    await picked.locator(".sources").getByText("How do I cancel or move a booking?").waitFor({ timeout: 20_000 });
    await expect(choices.count()).resolves.toBe(0);

    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await panel.locator(".msg.customer").getByText("Do you take trade-ins?").waitFor();
    await panel.locator(".msg.assistant").filter({ hasText: /trade/i }).waitFor();

    await panel.getByRole("textbox").press("Escape");
    await expect(panel.isHidden()).resolves.toBe(true);
    // Sam, the demo's human agent, replies through the API; the visitor sees it without a reload.
    const token = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((name) => name.endsWith(":token"));
      return key ? localStorage.getItem(key) : null;
    });
    const conversationId = JSON.parse(Buffer.from(String(token).split(".")[1] ?? "", "base64url").toString()).cid;
    const apiKey = (await readFile(join(dataDir, "demo-api-key"), "utf8")).trim();
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const agents = (await (await fetch(`${base}/v1/agents`, { headers })).json()) as {
      data: { id: string; kind: string }[];
    };
    const sam = agents.data.find((agent) => agent.kind === "human");
    const replied = await fetch(`${base}/v1/conversations/${conversationId}/agent-messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content: "Hi, Sam from the workshop here. Bring it in any time.", agentId: sam?.id }),
    });
    expect(replied.status).toBe(200);
    // The panel was closed (Escape): the launcher counts the reply, and opening shows it.
    await page.getByRole("button", { name: "Open chat (1 new message)" }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDirectory, "widget-unread.png") });
    await page.getByRole("button", { name: "Open chat (1 new message)" }).click();
    await panel.locator(".msg.agent").getByText("Sam from the workshop").waitFor();
    await panel.locator(".msg.agent .author").getByText("Sam").waitFor();
    await page.screenshot({ path: join(screenshotDirectory, "widget-agent-reply.png") });

    // Sam closes the conversation: the visitor is asked to rate it, and the score is stored.
    const closed = await fetch(`${base}/v1/conversations/${conversationId}/close`, { method: "POST", headers });
    expect(closed.status).toBe(200);
    await panel.getByRole("group", { name: "How did we do?" }).getByRole("button", { name: "5 of 5" }).click();
    await panel.getByText("Thanks for your feedback!").waitFor();
    const rated = (await (await fetch(`${base}/v1/conversations/${conversationId}`, { headers })).json()) as {
      conversation: { csatScore: number };
    };
    expect(rated.conversation.csatScore).toBe(5);

    // A forged userHash is refused, whatever the page claims.
    const forged = await page.evaluate(
      async (url) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ userId: "someone-else", userHash: "0".repeat(64) }),
        });
        return { status: response.status, body: (await response.json()) as { type: string } };
      },
      `${base}/v1/public/${await demoPublishableKeyOf(page)}/conversations`,
    );
    expect(forged.status).toBe(403);
    expect(forged.body.type).toMatch(/identity-verification-failed$/);

    // The same visitor on a phone-sized browser in German (its storage carried over): the panel
    // fills the screen and speaks the browser's language.
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: "de-DE",
      storageState: await page.context().storageState(),
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${base}/demo`);
    await phone.getByRole("button", { name: "Chat öffnen" }).click();
    await phone.getByRole("dialog").getByRole("button", { name: "Chat schließen" }).waitFor();
    // The same browser's conversation, closed and rated: it says so (in German) and asks no more.
    await phone.getByText("Dieses Gespräch ist beendet").waitFor();
    expect(await phone.getByRole("button", { name: "5 von 5" }).count()).toBe(0);
    await phone.getByRole("dialog").getByRole("textbox").waitFor();
    const box = await phone.getByRole("dialog").boundingBox();
    expect(box?.width).toBe(390);
    await phone.screenshot({ path: join(screenshotDirectory, "widget-phone.png") });

    // The site's user signs out: Frontdesk.logout() revokes the token on the server and forgets it here.
    const storedToken = () =>
      phone.evaluate(() => {
        const name = Object.keys(localStorage).find((item) => item.endsWith(":token"));
        return name ? localStorage.getItem(name) : null;
      });
    const phoneToken = await storedToken();
    expect(phoneToken).toBeTruthy();
    await phone.evaluate(() =>
      (globalThis as unknown as { Frontdesk?: { logout(): Promise<void> } }).Frontdesk?.logout(),
    );
    expect(await storedToken()).toBeNull();
    await phone.getByText("Dieses Gespräch ist beendet").waitFor({ state: "detached" });
    const afterLogout = await fetch(`${base}/v1/public/${await demoPublishableKeyOf(page)}/conversation`, {
      headers: { authorization: `Bearer ${phoneToken}` },
    });
    expect(afterLogout.status).toBe(401);
    await phone.screenshot({ path: join(screenshotDirectory, "widget-after-logout.png") });

    // Another site may not use the channel: the gateway refuses it and the widget stays away.
    const key = await demoPublishableKeyOf(page);
    const elsewhere = await foreignSite(`${base}/widget.js`, key);
    try {
      const refusal = await fetch(`${base}/v1/public/${key}/channel`, { headers: { origin: "http://localhost:1" } });
      expect(refusal.status).toBe(403);
      expect(((await refusal.json()) as { detail: string }).detail).toContain("not allowed");
      const foreign = await browser.newPage();
      // The browser blocks the answer (403, no CORS headers): the request fails in the page.
      const blocked = foreign.waitForEvent("requestfailed", (request) => request.url().endsWith("/channel"));
      await foreign.goto(elsewhere.url);
      await blocked;
      expect(await foreign.locator("#frontdesk-widget").count()).toBe(0);
    } finally {
      await elsewhere.close();
    }
  } finally {
    await browser.close();
  }
}, 120_000);

it("a visitor sends a photo from the demo page with a question; staff open the same bytes; a disguised program is refused", async () => {
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/demo`);
    const launcher = page.getByRole("button", { name: "Open chat" });
    // A real picture to send: the launcher as the browser draws it.
    const photo = await launcher.screenshot();
    await launcher.click();
    const panel = page.getByRole("dialog", { name: "Website chat" });
    await panel.getByText("I'm Nora from Northwind Cycles").waitFor();

    // A program named like a PDF: the server reads its bytes and refuses it, and the widget says why.
    await panel.locator("input[type=file]").setInputFiles({
      name: "invoice.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4094)]),
    });
    await panel.getByRole("button", { name: "Remove invoice.pdf" }).waitFor();
    await panel.getByRole("textbox").press("Enter");
    // Whatever the panel says is in the failure message, should it say something else.
    const alert = panel.getByRole("alert");
    await alert.filter({ hasText: /\S/ }).waitFor({ timeout: 45_000 });
    expect(await alert.textContent()).toContain("are not accepted");
    await panel.getByRole("button", { name: "Remove invoice.pdf" }).click();

    await panel
      .locator("input[type=file]")
      .setInputFiles({ name: "back-wheel.png", mimeType: "image/png", buffer: photo });
    await panel.getByText(/back-wheel\.png · \d+ KB/).waitFor();
    await panel.getByRole("textbox").fill("The back wheel went pop, can you fix this?");
    await page.screenshot({ path: join(screenshotDirectory, "widget-attachment-pending.png") });
    await panel.getByRole("textbox").press("Enter");
    const sent = panel.locator(".msg.customer").filter({ hasText: "can you fix this?" });
    await sent.locator("img.preview").waitFor({ timeout: 20_000 });
    const reply = panel.locator(".msg.assistant").filter({ hasText: "I can't open pictures myself" });
    await reply.waitFor({ timeout: 20_000 });
    await reply.locator(".author").getByText("Nora").waitFor();
    expect(await panel.locator(".pending").isHidden()).toBe(true);
    await page.screenshot({ path: join(screenshotDirectory, "widget-attachment.png") });

    // After a reload the history names the file (the picture itself is for staff, behind signed links).
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await panel.locator(".msg.customer .file").getByText("back-wheel.png").waitFor();

    const token = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((name) => name.endsWith(":token"));
      return key ? localStorage.getItem(key) : null;
    });
    const conversationId = JSON.parse(Buffer.from(String(token).split(".")[1] ?? "", "base64url").toString()).cid;
    const apiKey = (await readFile(join(dataDir, "demo-api-key"), "utf8")).trim();
    const headers = { authorization: `Bearer ${apiKey}` };
    const messages = (await (
      await fetch(`${base}/v1/conversations/${conversationId}/messages`, { headers })
    ).json()) as {
      data: { role: string; type: string; media: { url: string; type: string } | null }[];
    };
    const stored = messages.data.find((message) => message.role === "customer" && message.type === "image");
    expect(stored?.media?.type).toBe("image/png");
    const file = await fetch(`${base}${stored?.media?.url}`, { headers });
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await file.arrayBuffer()).equals(photo)).toBe(true);
  } finally {
    await browser.close();
  }
}, 120_000);

/** The publishable key the demo page embeds. */
async function demoPublishableKeyOf(page: Page): Promise<string> {
  return String(await page.locator("script[data-key]").getAttribute("data-key"));
}

it("a newcomer holds a useful conversation with the demo business using the printed demo key", async () => {
  const key = (await readFile(join(dataDir, "demo-api-key"), "utf8")).trim();
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const created = await fetch(`http://127.0.0.1:${port}/v1/conversations`, {
    method: "POST",
    headers,
    body: JSON.stringify({ customer: { name: "Alex" } }),
  });
  expect(created.status).toBe(201);
  const { conversation } = (await created.json()) as { conversation: { id: string } };
  const turn = await fetch(`http://127.0.0.1:${port}/v1/conversations/${conversation.id}/messages`, {
    method: "POST",
    headers,
    body: JSON.stringify({ content: "When are you open on Saturdays?" }),
  });
  expect(turn.status).toBe(200);
  const { reply } = (await turn.json()) as { reply: { content: string; metadata: { sources: unknown[] } } };
  expect(reply.content).toContain("Saturday from 10:00 to 16:00");
  expect(reply.metadata.sources).toHaveLength(1);
});

it("@segment/analytics-node, pointed at the gateway with the demo key as its write key, delivers unmodified", async () => {
  const key = (await readFile(join(dataDir, "demo-api-key"), "utf8")).trim();
  const analytics = new Analytics({ writeKey: key, host: `http://127.0.0.1:${port}`, maxEventsInBatch: 10 });
  const failures: unknown[] = [];
  analytics.on("error", (error) => failures.push(error));
  const userId = `segment-${Date.now()}`;
  analytics.identify({ userId, traits: { email: "seg@example.com", plan: "pro" } });
  analytics.track({ userId, event: "Order Completed", properties: { total: 42.5 } });
  analytics.page({ userId, name: "Pricing" });
  await analytics.closeAndFlush({ timeout: 20_000 });
  expect(failures).toEqual([]);
  const listed = await fetch(`http://127.0.0.1:${port}/v1/events?userId=${userId}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const { data } = (await listed.json()) as { data: { type: string; event: string; properties: object }[] };
  expect(data.map((e) => [e.type, e.event]).sort()).toEqual([
    ["identify", "identify"],
    ["page", "page"],
    ["track", "Order Completed"],
  ]);
  expect(data.find((e) => e.type === "track")?.properties).toEqual({ total: 42.5 });
});

it("when the database goes away mid-run, every route answers 503 problem+json with Retry-After and writes nothing", async () => {
  const key = (await readFile(join(dataDir, "demo-api-key"), "utf8")).trim();
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const created = await fetch(`${base}/v1/conversations`, {
    method: "POST",
    headers,
    body: JSON.stringify({ customer: { name: "Outage" } }),
  });
  const { conversation } = (await created.json()) as { conversation: { id: string } };
  const messagesPath = `/v1/conversations/${conversation.id}/messages`;
  const say = (content: string) =>
    fetch(`${base}${messagesPath}`, { method: "POST", headers, body: JSON.stringify({ content }) });
  expect((await say("When are you open on Saturdays?")).status).toBe(200);
  const countMessages = async () =>
    ((await (await fetch(`${base}${messagesPath}?limit=100`, { headers })).json()) as { data: unknown[] }).data.length;
  const before = await countMessages();

  const demoPage = await (await fetch(`${base}/demo`)).text();
  const widgetKey = demoPage.match(/data-key="(fdp_[A-Za-z0-9]+)"/)?.[1];
  expect(widgetKey).toBeDefined();

  await databaseLink.off();
  const attempts: [string, string, unknown?][] = [
    ["POST", `/v1/public/${widgetKey}/conversations`, {}],
    ["GET", "/v1/conversations"],
    ["POST", messagesPath, { content: "Do you rent bikes?" }],
    ["POST", "/v1/conversations", { customer: { name: "Nobody" } }],
    ["GET", "/v1/knowledge"],
    ["POST", "/v1/api-keys", { name: "x", scopes: ["config:read"] }],
    ["GET", "/v1/bookings"],
    ["POST", "/v1/tickets", { subject: "Broken", customerId: "00000000-0000-4000-8000-000000000001" }],
    ["GET", "/v1/tool-calls"],
    ["POST", "/v1/events", { events: [{ event: "Outage Seen", anonymousId: "a-1" }] }],
    ["GET", "/v1/analytics/daily?from=2026-01-01&to=2026-01-02"],
    ["PUT", "/v1/settings/chat/tone", { value: "warm" }],
  ];
  for (const [method, path, body] of attempts) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 503`);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ type: "https://frontdesk.dev/problems/database-unavailable" });
  }
  // A key this isolate has never seen needs the database to be checked: 503, not 401 or 500.
  const unknownKey = await fetch(`${base}/v1/ping`, {
    headers: { authorization: `Bearer fdk_abcdefabcdef_${"z".repeat(32)}` },
  });
  expect(unknownKey.status).toBe(503);
  expect((await fetch(`${base}/health`)).status).toBe(503);

  await databaseLink.on();
  expect(await countMessages()).toBe(before);
  const settings = (await (await fetch(`${base}/v1/settings?category=chat`, { headers })).json()) as {
    data: { key: string }[];
  };
  expect(settings.data.map((setting) => setting.key)).not.toContain("tone");
  // The conversation goes on where it was: the next turn is answered and stored once.
  const next = await say("Do you rent bikes?");
  expect(next.status).toBe(200);
  expect(await countMessages()).toBe(before + 2);
});
