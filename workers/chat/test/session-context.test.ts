import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { identityHeader } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { SessionState } from "../src/conversation/state.ts";
import { sessionContext, unwrap } from "../src/session/stub.ts";

/** A demo organization and a conversation in it, started through the chat worker's own API. */
async function demoConversation(settings: { key: string; value: number }[] = []) {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db.insert(schema.organizations).values({ id: organizationId, name: "Northwind Cycles", slug: organizationId });
  await seedDemoContent(db, organizationId);
  for (const { key, value } of settings) {
    await db
      .update(schema.settings)
      .set({ value })
      .where(
        and(
          eq(schema.settings.organizationId, organizationId),
          eq(schema.settings.category, "chat"),
          eq(schema.settings.key, key),
        ),
      );
  }
  const identity = { organizationId, principal: "api_key", scopes: ["*"], subjectId: "test" };
  const response = await exports.default.fetch("https://chat.internal/v1/conversations", {
    method: "POST",
    headers: { [identityHeader]: JSON.stringify(identity), "content-type": "application/json" },
    body: JSON.stringify({ customer: { email: "lee@example.com" } }),
  });
  expect(response.status).toBe(201);
  const { conversation } = await response.json<{ conversation: { id: string } }>();
  return { db, organizationId, conversationId: conversation.id };
}

/** What the object holds, read from inside it. */
const stored = (conversationId: string) =>
  runInDurableObject(sessionContext(env, conversationId), (_instance, state) =>
    state.storage.kv.get<SessionState>("context"),
  );

describe("the session-context Durable Object", () => {
  it("after losing its storage and its instance, rebuilds from Postgres and carries on mid-booking", async () => {
    const { organizationId, conversationId } = await demoConversation();
    const session = sessionContext(env, conversationId);
    unwrap(await session.sendMessage(organizationId, conversationId, "I need to book a service for my city bike"));
    unwrap(await session.sendMessage(organizationId, conversationId, "My name is Lee Marsh"));
    const before = await stored(conversationId);
    expect(before?.extracted).toEqual({ bike_type: "city", name: "Lee Marsh", email: "lee@example.com" });

    // Eviction with its storage gone (a reset object): nothing survives but Postgres.
    await runInDurableObject(session, async (_instance, state) => {
      await state.storage.deleteAll();
    });
    // abort() ends the instance (the next request gets a fresh one) and fails the call that made it.
    await expect(runInDurableObject(session, (_instance, state) => state.abort("evicted by the test"))).rejects.toThrow(
      "evicted by the test",
    );
    expect(await stored(conversationId)).toBeUndefined();

    const fresh = sessionContext(env, conversationId);
    const rebuilt = await fresh.snapshot(organizationId, conversationId);
    expect(rebuilt?.window.map((message) => message.id)).toEqual(before?.window.map((message) => message.id));
    expect(rebuilt).toMatchObject({ stageId: before?.stageId, extracted: before?.extracted, messageCount: 4 });

    const turn = unwrap(await fresh.sendMessage(organizationId, conversationId, "The gears are slipping"));
    expect(turn.conversation.extractedData).toMatchObject({ issue: "The gears are slipping", name: "Lee Marsh" });
    expect(turn.reply?.content).toMatch(/preferred day and time/);
  });

  it("refuses another organization's conversation", async () => {
    const { conversationId } = await demoConversation();
    const outcome = await sessionContext(env, conversationId).sendMessage(crypto.randomUUID(), conversationId, "Hi");
    expect(outcome).toMatchObject({ ok: false, reason: "not-found" });
  });

  it("the idle alarm closes the conversation and writes its summary and the customer's memory", async () => {
    const { db, organizationId, conversationId } = await demoConversation([{ key: "idle_close_minutes", value: 0 }]);
    const session = sessionContext(env, conversationId);
    unwrap(await session.sendMessage(organizationId, conversationId, "Do you offer bike fitting?"));
    expect(await runDurableObjectAlarm(session)).toBe(true);

    const [conversation] = await db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.id, conversationId));
    expect(conversation).toMatchObject({ status: "closed", aiResolved: true });
    expect(conversation?.summary).toMatch(/Answered from: Do you offer bike fitting\?/);
    expect(conversation?.endedAt).not.toBeNull();
    const memories = await db
      .select({ key: schema.customerMemories.key, value: schema.customerMemories.value })
      .from(schema.customerMemories)
      .where(eq(schema.customerMemories.customerId, conversation?.customerId ?? ""));
    expect(memories).toContainEqual({ key: "last_conversation_summary", value: conversation?.summary });
    const events = await db
      .select({ eventType: schema.analyticsEvents.eventType })
      .from(schema.analyticsEvents)
      .where(eq(schema.analyticsEvents.conversationId, conversationId));
    expect(events.map((event) => event.eventType).sort()).toEqual([
      "conversation_closed",
      "message_received",
      "reply_sent",
    ]);
  });

  it("arms the idle alarm once, not per message: one that rings early waits for the last message's deadline", async () => {
    const { organizationId, conversationId } = await demoConversation([{ key: "idle_close_minutes", value: 30 }]);
    const session = sessionContext(env, conversationId);
    const alarm = () => runInDurableObject(session, (_instance, state) => state.storage.getAlarm());
    const first = unwrap(await session.sendMessage(organizationId, conversationId, "Do you offer bike fitting?"));
    const armed = await alarm();
    expect(armed).toBe(Date.parse(first.reply?.sentAt ?? "") + 30 * 60_000);
    const second = unwrap(await session.sendMessage(organizationId, conversationId, "Is there parking near the shop?"));
    expect(await alarm()).toBe(armed);

    // Ringing at the first message's deadline, it finds the second still inside its idle time.
    expect(await runDurableObjectAlarm(session)).toBe(true);
    expect((await session.snapshot(organizationId, conversationId))?.status).not.toBe("closed");
    expect(await alarm()).toBe(Date.parse(second.reply?.sentAt ?? "") + 30 * 60_000);
  });

  it("a conversation reopened long after its last message gets its idle time from the reopening", async () => {
    const { organizationId, conversationId } = await demoConversation([{ key: "idle_close_minutes", value: 30 }]);
    const session = sessionContext(env, conversationId);
    unwrap(await session.sendMessage(organizationId, conversationId, "Do you offer bike fitting?"));
    unwrap(await session.close(organizationId, conversationId, "resolved"));
    // Two hours pass: the stored context says so, and a fresh instance reads it.
    await runInDurableObject(session, (_instance, state) => {
      const context = state.storage.kv.get<SessionState>("context");
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
      state.storage.kv.put("context", { ...context, lastMessageAt: twoHoursAgo });
    });
    await expect(runInDurableObject(session, (_instance, state) => state.abort("two hours later"))).rejects.toThrow(
      "two hours later",
    );

    const later = sessionContext(env, conversationId);
    const reopenedAt = Date.now();
    expect(unwrap(await later.reopen(organizationId, conversationId)).status).not.toBe("closed");
    const armed = await runInDurableObject(later, (_instance, state) => state.storage.getAlarm());
    expect(armed).toBeGreaterThanOrEqual(reopenedAt + 30 * 60_000);
  });
});
