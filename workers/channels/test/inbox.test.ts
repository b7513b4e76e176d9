import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { whatsappRecipient } from "../../../test/providers.ts";
import type { ChannelsEnv } from "../src/env.ts";
import { inboxOf, requeueAfterMs } from "../src/inbound/inbox.ts";
import { drainSender } from "../src/inbound/process.ts";
import {
  channelMessages,
  deliverWhatsapp,
  providerCalls,
  receipts,
  runConsumer,
  tenantWithChannel,
  waitingClaims,
} from "./support.ts";

const appSecret = "inbox-app-secret";
let organizationId: string;
let channelId: string;

beforeAll(async () => {
  ({ organizationId, channelId } = await tenantWithChannel({
    type: "whatsapp",
    name: "WhatsApp (inbox)",
    config: { phoneNumberId: "1098765" },
    credentials: { appSecret, verifyToken: "v", accessToken: "token" },
  }));
});

const deliver = (id: string, from: string, text: string) =>
  deliverWhatsapp({ id: channelId, appSecret }, id, from, text);

const sentTo = async (to: string) => (await providerCalls("whatsapp")).filter((c) => whatsappRecipient(c.body) === to);
const receiptOf = async (eventId: string) =>
  (await receipts(channelId)).filter((receipt) => receipt.provider_event_id === eventId);

describe("the channel inbox: a webhook's claim before Postgres, its receipt written by the consumer", () => {
  it("a consumer that dies between the claim and the receipt loses nothing: the next delivery answers once", async () => {
    const work = { channelId, senderId: "15552220001" };
    await deliver("wamid.killed", work.senderId, "Do you sell helmets?");
    // The consumer cannot write the receipt (its database is out of reach) and dies: the queue retries.
    const outage: ChannelsEnv = { ...env, NEON_HTTP_ENDPOINT: "http://127.0.0.1:9/sql" as "" };
    await expect(drainSender(outage, work)).rejects.toThrow();
    expect(await waitingClaims(channelId, work.senderId)).toEqual(["message:wamid.killed"]);
    expect(await receiptOf("message:wamid.killed")).toEqual([]);

    const retried = await runConsumer([work]);
    expect(retried.explicitAcks).toEqual(["work-0"]);
    expect(await waitingClaims(channelId, work.senderId)).toEqual([]);
    expect(await receiptOf("message:wamid.killed")).toEqual([
      { provider_event_id: "message:wamid.killed", state: "done", attempts: 1 },
    ]);
    const customerMessages = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.role === "customer" && m.external_message_id === "wamid.killed",
    );
    expect(customerMessages).toHaveLength(1);
    expect(await sentTo(work.senderId)).toHaveLength(1);
    // A late duplicate of the queue's work finds nothing left to do.
    await runConsumer([work]);
    expect(await sentTo(work.senderId)).toHaveLength(1);
  });

  it("keeps one sender's messages in arrival order across several consumers taking the claims at once", async () => {
    const work = { channelId, senderId: "15552220002" };
    const texts = ["Hi", "Are you open today?", "Do you fix brakes?"];
    for (const [index, text] of texts.entries()) await deliver(`wamid.order${index}`, work.senderId, text);
    await Promise.all([runConsumer([work]), runConsumer([work]), runConsumer([work])]);
    const inbound = (await channelMessages(organizationId, channelId)).filter(
      (m) => m.role === "customer" && m.external_message_id?.startsWith("wamid.order"),
    );
    expect(inbound.map((m) => m.content)).toEqual(texts);
    expect((await receipts(channelId)).filter((r) => r.provider_event_id.includes("wamid.order"))).toHaveLength(3);
  });

  it("a lost queue message: the inbox's alarm queues the sender again once the claim is overdue", async () => {
    const work = { channelId, senderId: "15552220003" };
    await deliver("wamid.lost", work.senderId, "What are your opening hours?");
    const inbox = inboxOf(env, channelId);
    expect(await inbox.overdueSenders()).toEqual([]);
    expect(await inbox.overdueSenders(Date.now() + requeueAfterMs)).toContain(work.senderId);
    // The claim set the alarm; once it has run with the message still waiting, it is set again.
    expect(await runDurableObjectAlarm(inbox)).toBe(true);
    expect(await runInDurableObject(inbox, (_, state) => state.storage.getAlarm())).not.toBeNull();

    await runConsumer([work]);
    expect(await inbox.overdueSenders(Date.now() + requeueAfterMs)).not.toContain(work.senderId);
    expect(await sentTo(work.senderId)).toHaveLength(1);

    // Nothing waits any more: the next alarm is the far purge of remembered ids, until a new claim
    // brings it back within a minute.
    const nextAlarm = () => runInDurableObject(inbox, (_, state) => state.storage.getAlarm());
    await runConsumer([
      { channelId, senderId: "15552220001" },
      { channelId, senderId: "15552220002" },
    ]);
    expect(await runDurableObjectAlarm(inbox)).toBe(true);
    expect(await nextAlarm()).toBeGreaterThan(Date.now() + 24 * 60 * 60_000);
    await deliver("wamid.after-purge-alarm", "15552220004", "Hello?");
    expect(await nextAlarm()).toBeLessThanOrEqual(Date.now() + requeueAfterMs);
  });
});
