import { join } from "node:path";
import axe from "axe-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchBrowser, screenshotDirectory } from "./browser.ts";
import { demoKey, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let staff: { password: string; agent: string; owner: string };

beforeAll(async () => {
  stack = await startStack();
  const line = /demo staff sign-in for the workspace at \/app: (\S+) or (\S+) with password (\S+)/.exec(stack.output);
  if (!line) throw new Error(`pnpm dev printed no demo staff sign-in:\n${stack.output}`);
  staff = { agent: line[1] ?? "", owner: line[2] ?? "", password: line[3] ?? "" };
}, 120_000);

afterAll(() => stack?.stop(), 30_000);

const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDirectory, `${name}.png`) });

/** axe-core in the page (evaluated over the DevTools protocol, which the page's CSP does not govern). */
async function seriousViolations(page: Page) {
  await page.evaluate(axe.source);
  const results: axe.AxeResults = await page.evaluate('axe.run(document, { resultTypes: ["violations"] })');
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${stack.base}/app/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Workspace" }).waitFor();
}

it("an agent signs in, sees a visitor's conversation arrive live, takes over, replies, notes privately and inserts a canned response", async () => {
  const browser = await launchBrowser();
  try {
    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await agentContext.newPage();
    const pageErrors: string[] = [];
    agent.on("pageerror", (error) => pageErrors.push(error.message));
    const offSite: string[] = [];
    agent.on("request", (request) => {
      if (!request.url().startsWith(stack.base) && !request.url().startsWith("ws://127.0.0.1"))
        offSite.push(request.url());
    });

    // The workspace's pages allow only this deployment's own code; its hashed files are cached for good.
    const page = await fetch(`${stack.base}/app/`);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect((await fetch(`${stack.base}${script}`)).headers.get("cache-control")).toContain("immutable");

    // A wrong password is a readable message, not a blank page.
    await agent.goto(`${stack.base}/app/`);
    await agent.getByLabel("Email").fill(staff.agent);
    await agent.getByLabel("Password").fill("not the password");
    await agent.getByRole("button", { name: "Sign in" }).click();
    await agent.getByRole("alert").getByText("Wrong email or password.").waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await shot(agent, "workspace-sign-in-error");

    await signIn(agent, staff.agent);
    await agent.getByText("Live", { exact: true }).waitFor();
    // The session survives a reload: the HttpOnly cookie, never a token page scripts can read.
    await agent.reload();
    await agent.getByRole("navigation", { name: "Workspace" }).waitFor();
    expect(await agent.evaluate("document.cookie")).toBe("");
    const cookies = await agentContext.cookies();
    expect(cookies.find((cookie) => cookie.name === "frontdesk_session")).toMatchObject({
      httpOnly: true,
      sameSite: "Strict",
    });

    // A visitor writes on the demo website, in another browser context.
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${stack.base}/demo`);
    await visitor.getByRole("button", { name: "Open chat" }).click();
    const panel = visitor.getByRole("dialog", { name: "Website chat" });
    await panel.getByText("I'm Nora from Northwind Cycles").waitFor();
    await panel.getByRole("textbox").fill("Hi, I'm Robin. I'd like to speak to a person about my cracked frame please");
    await panel.getByRole("textbox").press("Enter");

    // It appears in the agent's inbox without a reload.
    // (The first conversation of the fresh stack; its preview is the assistant's handover reply.)
    const item = agent
      .locator("a.item")
      .filter({ hasText: /Waiting for a person|With the assistant/ })
      .first();
    await item.waitFor({ timeout: 15_000 });
    await shot(agent, "workspace-inbox-live");

    // Keyboard: focus the list, move with the arrow keys, open with Enter.
    await agent.locator("a.item").first().focus();
    await agent.keyboard.press("ArrowDown");
    await agent.keyboard.press("ArrowUp");
    await agent.keyboard.press("Enter");
    await agent.getByRole("heading", { level: 1 }).waitFor();
    await item.click();
    const timeline = agent.getByRole("list", { name: "Messages and notes" });
    await timeline.getByText("cracked frame").waitFor();
    // What the assistant said, with what staff see of it: intent and confidence.
    await timeline.locator(".entry.assistant .meta").first().waitFor();

    await agent.getByRole("button", { name: "Take over" }).click();
    await agent.locator(".conversation-head .badge").getByText("With an agent").waitFor();
    // Typing shows both ways: the visitor's in the inbox, the agent's in the widget.
    await panel.getByRole("textbox").pressSequentially("Also the", { delay: 20 });
    await agent.getByText("The customer is typing…").waitFor({ timeout: 10_000 });
    await panel.getByRole("textbox").fill("");
    const composer = agent.getByLabel("Reply to the customer");
    await composer.pressSequentially("Hi Robin", { delay: 20 });
    await panel.getByText("Sam is typing…").waitFor({ timeout: 10_000 });
    await shot(visitor, "workspace-agent-typing");
    await composer.fill("Hi Robin, Sam from the workshop here. Can you send a photo of the crack?");
    await composer.press("Control+Enter");
    await timeline.locator(".entry.agent").getByText("send a photo").waitFor();
    // The visitor sees it.
    await panel.locator(".msg.agent").getByText("send a photo of the crack").waitFor({ timeout: 15_000 });

    // A private note: in the agent's timeline, never with the visitor.
    await agent.getByLabel("Private note").check();
    const noteBox = agent.getByLabel("Private note for the team");
    await noteBox.fill("Robin's frame is under warranty until March - check the serial number");
    await agent.getByRole("button", { name: "Add note" }).click();
    await timeline.locator(".entry.note").getByText("under warranty").waitFor();

    // A canned response, inserted with "/" and the keyboard.
    await agent.getByLabel("Reply", { exact: true }).check();
    await composer.fill("/quo");
    await agent.getByRole("button", { name: /\/quote Repair quote/ }).waitFor();
    await shot(agent, "workspace-canned-responses");
    await composer.press("Enter");
    await expect(composer.inputValue()).resolves.toMatch(/^A standard service is £45/);
    await agent.getByRole("button", { name: "Send reply" }).click();
    await panel.locator(".msg.agent").getByText("A standard service is £45").waitFor({ timeout: 15_000 });

    // The customer panel knows who this is.
    await agent
      .getByRole("complementary", { name: "Customer" })
      .getByRole("heading", { name: "Previous conversations" })
      .waitFor();
    expect(await seriousViolations(agent)).toEqual([]);
    await shot(agent, "workspace-conversation");

    // The visitor never saw the note, not even after a reload of their history.
    await visitor.reload();
    await visitor.getByRole("button", { name: /Open chat/ }).click();
    await panel.locator(".msg.agent").getByText("A standard service").waitFor();
    expect(await panel.textContent()).not.toContain("warranty");
    await shot(visitor, "workspace-visitor-side");

    // Tablet width: everything still there, nothing cut off sideways.
    await agent.setViewportSize({ width: 820, height: 1180 });
    await agent.getByLabel("Reply to the customer").waitFor();
    expect(await agent.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
    await shot(agent, "workspace-tablet");

    // Closing and reopening from the header.
    await agent.setViewportSize({ width: 1440, height: 900 });
    await agent.getByRole("button", { name: "Close", exact: true }).click();
    await agent.getByText("This conversation is closed").waitFor();
    await agent.getByRole("button", { name: "Reopen" }).click();
    await agent.getByLabel("Reply to the customer").waitFor();

    expect(pageErrors).toEqual([]);
    expect(offSite).toEqual([]);

    // Signing out ends the session for good: a reload shows the sign-in page.
    await agent.getByRole("button", { name: "Sign out" }).click();
    await agent.getByRole("button", { name: "Sign in" }).waitFor();
    await agent.reload();
    await agent.getByRole("button", { name: "Sign in" }).waitFor();
  } finally {
    await browser.close();
  }
}, 180_000);

it("the owner approves a tool call, previews an answer in the knowledge editor and reads the dashboard's seeded figures", async () => {
  const key = await demoKey(stack);
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  await fetch(`${stack.base}/v1/settings/tools/require_confirmation`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ value: ["capture_lead"] }),
  });
  const invoked = await fetch(`${stack.base}/v1/tools/capture_lead`, {
    method: "POST",
    headers,
    body: JSON.stringify({ input: { name: "Alex Approval", email: "alex@example.com" } }),
  });
  expect(invoked.status).toBe(202);
  const { toolCall } = (await invoked.json()) as { toolCall: { id: string } };
  const second = await fetch(`${stack.base}/v1/tools/capture_lead`, {
    method: "POST",
    headers,
    body: JSON.stringify({ input: { name: "Sky Stale", email: "sky@example.com" } }),
  });
  const stale = ((await second.json()) as { toolCall: { id: string } }).toolCall;
  // A customer reports an injury: an escalation rule hands it over as urgent.
  const started = await fetch(`${stack.base}/v1/conversations`, {
    method: "POST",
    headers,
    body: JSON.stringify({ customer: { name: "Una Urgent", email: "una@example.com" } }),
  });
  const { conversation } = (await started.json()) as { conversation: { id: string } };
  const escalated = await fetch(`${stack.base}/v1/conversations/${conversation.id}/messages`, {
    method: "POST",
    headers,
    body: JSON.stringify({ content: "My brakes failed after your service and I crashed, I'm in hospital" }),
  });
  expect(escalated.status).toBe(200);

  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, staff.owner);

    // The inbox puts it first, marked urgent with its category.
    const urgent = page.locator("a.item").first();
    await urgent.getByText("Una Urgent").waitFor();
    await urgent.locator(".badge.priority-urgent").getByText("Urgent · safety").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "workspace-inbox-priority");

    await page.getByRole("link", { name: "Approvals" }).click();
    const card = page.locator(`[data-tool-call="${toolCall.id}"]`);
    await card.getByText("alex@example.com").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await card.getByRole("button", { name: "Approve" }).click();
    await card.getByText("Approved").waitFor();
    // Someone else decided the second call meanwhile: the API's 409 is a readable message.
    await fetch(`${stack.base}/v1/tool-calls/${stale.id}/reject`, { method: "POST", headers, body: "{}" });
    await page.locator(`[data-tool-call="${stale.id}"]`).getByRole("button", { name: "Approve" }).click();
    await page
      .getByRole("alert")
      .getByText(/not awaiting confirmation/)
      .waitFor();
    // ...and the queue is shown as it is now: the call someone else decided is gone from it.
    await page.locator(`[data-tool-call="${stale.id}"]`).waitFor({ state: "detached" });
    await shot(page, "workspace-approvals");
    const decided = (await (await fetch(`${stack.base}/v1/tool-calls/${toolCall.id}`, { headers })).json()) as {
      toolCall: { status: string };
    };
    expect(decided.toolCall.status).toBe("completed");

    await page.getByRole("link", { name: "Knowledge" }).click();
    await page
      .getByRole("status")
      .getByText(/\d+ of \d+ entries/)
      .waitFor();
    await page.getByPlaceholder("Search entries…").fill("trade-in");
    await page.locator(".items .item").filter({ hasText: "Do you take trade-ins?" }).first().click();
    await page.getByLabel("Title").waitFor();
    await page.getByLabel("Ask as a customer would").fill("do you take trade ins");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator(".answer").getByText("source: Do you take trade-ins?").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "workspace-knowledge");

    // A new entry, saved through the API and found in the list.
    await page.getByRole("button", { name: "Add entry" }).click();
    await page.getByLabel("Title").fill("Gift cards");
    await page.getByRole("textbox", { name: "Answer", exact: true }).fill("We sell gift cards from £10 in the shop.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByPlaceholder("Search entries…").fill("gift cards");
    await page.locator(".items .item").filter({ hasText: "Gift cards" }).waitFor();

    await page.getByRole("link", { name: "Dashboard" }).click();
    const table = page.locator('[data-chart="conversations"] table');
    await table.locator("tbody tr").first().waitFor({ state: "attached" });
    const from = await page.getByLabel("From", { exact: true }).inputValue();
    const to = await page.getByLabel("To", { exact: true }).inputValue();
    const daily = (await (
      await fetch(`${stack.base}/v1/analytics/daily?from=${from}&to=${to}`, { headers })
    ).json()) as { data: { date: string; totalConversations: number; aiResolvedConversations: number }[] };
    expect(daily.data.length).toBeGreaterThanOrEqual(14);
    const drawn = await table
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((row) => [row.querySelector("th")?.textContent, Number(row.querySelector("td")?.textContent)]),
      );
    expect(drawn).toEqual(daily.data.map((day) => [day.date, day.totalConversations]));
    const total = daily.data.reduce((n, day) => n + day.totalConversations, 0);
    await page.locator('[data-total="conversations"]').getByText(String(total), { exact: true }).waitFor();
    // The canvas is drawn on, not blank.
    const painted: number = await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-chart="resolution"] canvas');
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      return inked;
    })()`);
    expect(painted).toBeGreaterThan(1000);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "workspace-dashboard");

    // A long conversation opens on its latest messages; earlier ones load on demand.
    const created = await fetch(`${stack.base}/v1/conversations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ customer: { name: "Lee Long" } }),
    });
    const long = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    for (let n = 0; n < 30; n++)
      await fetch(`${stack.base}/v1/conversations/${long}/messages`, {
        method: "POST",
        headers,
        body: JSON.stringify({ content: `Question number ${n}: what are your opening hours?` }),
      });
    await page.goto(`${stack.base}/app/#/inbox/${long}`);
    const timeline = page.getByRole("list", { name: "Messages and notes" });
    await timeline.getByText("Question number 29:").waitFor();
    expect(await timeline.getByText("Question number 0:").count()).toBe(0);
    await page.getByRole("button", { name: "Show earlier messages" }).click();
    await timeline.getByText("Question number 0:").waitFor();
    await expect(page.getByRole("button", { name: "Show earlier messages" }).count()).resolves.toBe(0);
  } finally {
    await browser.close();
  }
}, 180_000);
