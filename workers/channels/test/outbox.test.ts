import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { chatContract } from "@frontdesk/contracts/chat";
import { rpcClient } from "@frontdesk/http";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { whatsappRecipient } from "../../../test/providers.ts";
import worker from "../src/index.ts";
import {
  channelMessages,
  db,
  deliverWhatsapp,
  providerCalls,
  receipts,
  runConsumer,
  takeClaims,
  tenantWithChannel,
} from "./support.ts";

const appSecret = "outbox-app-secret";
let organizationId: string;
let manage: Awaited<ReturnType<typeof tenantWithChannel>>["manage"];
let channelId: string;

beforeAll(async () => {
  ({ organizationId, manage, channelId } = await tenantWithChannel({
    type: "whatsapp",
    name: "WhatsApp (flaky)",
    // The recorder answers 503 for this phone number id: the provider is out of reach.
    config: { phoneNumberId: "down" },
    credentials: { appSecret, verifyToken: "v", accessToken: "token" },
  }));
});

const deliver = (id: string, from: string, text: string) =>
  deliverWhatsapp({ id: channelId, appSecret }, id, from, text);

const outbox = async () =>
  (
    await db().execute<{ status: string; attempts: number; content: string; message_id: string }>(sql`
      select status, attempts, content, message_id from channel_outbox where channel_id = ${channelId} order by created_at`)
  ).rows;

/** The cron's run, driven directly: stale senders queued again, due replies sent. */
async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const sentTo = async (to: string) => (await providerCalls("whatsapp")).filter((c) => whatsappRecipient(c.body) === to);

describe("the reply outbox", () => {
  it("keeps a reply the provider refused and sends it once the provider is back, without running the turn again", async () => {
    await deliver("wamid.flaky", "15551110001", "What are your opening hours?");
    await runConsumer([{ channelId, senderId: "15551110001" }]);
    const [waiting] = await outbox();
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(await receipts(channelId)).toEqual([
      { provider_event_id: "message:wamid.flaky", state: "done", attempts: 1 },
    ]);

    // Not due yet: the cron leaves it alone.
    await runCron();
    expect((await outbox())[0]).toMatchObject({ status: "pending", attempts: 1 });

    // The provider is reachable again and the retry is due.
    const fixed = await manage(`/v1/channels/${channelId}`, "PATCH", { config: { phoneNumberId: "1098765" } });
    expect(fixed.status).toBe(200);
    await db().execute(sql`update channel_outbox set next_attempt_at = now() where channel_id = ${channelId}`);
    await runCron();
    expect((await outbox())[0]).toMatchObject({ status: "sent", attempts: 2 });
    const sent = await sentTo("15551110001");
    expect(sent.map((call) => call.path)).toEqual([
      "/provider/whatsapp/down/messages",
      "/provider/whatsapp/1098765/messages",
    ]);
    const reply = (await channelMessages(organizationId, channelId)).find((m) => m.role === "assistant");
    expect(reply?.content).toBe(waiting?.content);
    expect(reply?.delivery_status).toBe("sent");
    expect(reply?.external_message_id).toMatch(/^wamid\.reply\d+$/);
    await runCron();
    expect(await sentTo("15551110001")).toHaveLength(2);
  });

  it("a consumer that died between the turn and the outbox loses no reply: the next one sends the turn's reply", async () => {
    await deliver("wamid.orphan", "15551110002", "Do you sell helmets?");
    // The turn ran (the chat worker stored the message and its reply) and then the consumer died.
    const turn = await rpcClient(chatContract, env.CHAT).receiveChannelMessage({
      organizationId,
      channelId,
      sender: { id: "15551110002" },
      message: { externalId: "wamid.orphan", content: "Do you sell helmets?" },
    });
    if (!turn.ok) throw new Error(`turn refused: ${turn.kind}`);
    await takeClaims(channelId, "15551110002");
    await db().execute(sql`
      update channel_receipts set state = 'processing', claimed_at = now() - interval '3 minutes', attempts = 1
      where channel_id = ${channelId} and provider_event_id = 'message:wamid.orphan'`);

    await runConsumer([{ channelId, senderId: "15551110002" }]);
    const sent = await sentTo("15551110002");
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.body ?? "{}")).toMatchObject({ text: { body: turn.value.reply?.content } });
    const stored = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.external_message_id === "wamid.orphan" || m.content === turn.value.reply?.content,
    );
    expect(stored.filter((m) => m.role === "customer")).toHaveLength(1);
    expect((await receipts(channelId)).find((r) => r.provider_event_id === "message:wamid.orphan")?.state).toBe("done");
  });

  it("a sender whose message is being worked on is left to that worker; a fresh claim is never taken over", async () => {
    await deliver("wamid.busy", "15551110003", "Hello?");
    await takeClaims(channelId, "15551110003");
    await db().execute(sql`
      update channel_receipts set state = 'processing', claimed_at = now(), attempts = 1
      where channel_id = ${channelId} and provider_event_id = 'message:wamid.busy'`);
    const result = await runConsumer([{ channelId, senderId: "15551110003" }]);
    expect(result.explicitAcks).toEqual(["work-0"]);
    expect(await sentTo("15551110003")).toEqual([]);
    expect((await receipts(channelId)).find((r) => r.provider_event_id === "message:wamid.busy")?.state).toBe(
      "processing",
    );
  });
});
