import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  db,
  providerCalls,
  rawEmail,
  receipts,
  routeEmail,
  runConsumer,
  takeClaims,
  tenantWithChannel,
  waitingClaims,
} from "./support.ts";

let channelId: string;
let address: string;

beforeAll(async () => {
  address = `support-${crypto.randomUUID().slice(0, 8)}@northwind.test`;
  ({ channelId } = await tenantWithChannel({
    type: "email",
    name: "Northwind support",
    config: { address },
  }));
});

interface SentEmail {
  from: { email: string; name: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** The emails the HTTP email API (the test recorder) was asked to send to `to`. */
async function sentTo(to: string): Promise<SentEmail[]> {
  return (await providerCalls("email")).map((call) => JSON.parse(call.body) as SentEmail).filter((e) => e.to === to);
}

/** The replies' Message-IDs as the email API reported them, recorded on the assistant's messages. */
async function conversationOf(messageId: string) {
  const result = await db().execute<{ conversation_id: string }>(sql`
    select conversation_id from messages where channel_id = ${channelId} and external_message_id = ${messageId}`);
  return result.rows[0]?.conversation_id;
}

async function transcript(conversationId: string) {
  const result = await db().execute<{
    role: string;
    content: string;
    external_message_id: string | null;
    delivery_status: string | null;
    metadata: { email?: { body: string; subject: string } };
  }>(sql`
    select role, content, external_message_id, delivery_status, metadata from messages
    where conversation_id = ${conversationId} order by sent_at`);
  return result.rows;
}

const customer = () => `hana.${crypto.randomUUID().slice(0, 6)}@example.com`;

describe("the email channel", () => {
  it("keeps a three-message thread in one conversation, answering each email threaded under it", async () => {
    const from = customer();
    const first = `<m1.${crypto.randomUUID()}@example.com>`;
    const routed = await routeEmail(
      rawEmail({
        from: `Hana Hook <${from}>`,
        to: address,
        subject: "Opening hours?",
        messageId: first,
        body: "Hello,\n\nWhat are your opening hours?\n\nThanks,\nHana",
      }),
      { from, to: address },
    );
    expect(routed.rejected).toBeUndefined();
    await runConsumer([{ channelId, senderId: from }]);
    const [replyA] = await sentTo(from);
    expect(replyA).toMatchObject({
      from: { email: address, name: "Northwind support" },
      subject: "Re: Opening hours?",
      headers: { "In-Reply-To": first, References: first },
    });
    expect(replyA?.text).toMatch(/open/i);
    expect(replyA?.html).toContain("<p>");
    const conversationId = await conversationOf(first);
    expect(conversationId).toBeDefined();
    const [, assistant] = await transcript(conversationId ?? "");
    const replyAId = assistant?.external_message_id ?? "";
    expect(replyAId).toMatch(/^<reply\d+\.\d+@mail\.frontdesk\.test>$/);
    expect(assistant?.delivery_status).toBe("sent");

    // The customer answers from their mail client: our reply quoted below, a signature.
    const second = `<m2.${crypto.randomUUID()}@example.com>`;
    await routeEmail(
      rawEmail({
        from: `Hana Hook <${from}>`,
        to: address,
        subject: "Re: Opening hours?",
        messageId: second,
        inReplyTo: replyAId,
        references: [first, replyAId],
        body: `Do you repair e-bikes too?\n\n-- \nHana Hook\nHook & Sons Ltd\n\nOn Mon, 1 Dec 2026 at 10:00, Northwind support <${address}> wrote:\n> ${replyA?.text.split("\n")[0]}\n> Anything else?`,
      }),
      { from, to: address },
    );
    await runConsumer([{ channelId, senderId: from }]);
    const third = `<m3.${crypto.randomUUID()}@example.com>`;
    const replyB = (await sentTo(from))[1];
    expect(replyB?.headers).toEqual({
      "In-Reply-To": second,
      References: `${first} ${replyAId} ${second}`,
      "Auto-Submitted": "auto-replied",
      "X-Auto-Response-Suppress": "All",
    });
    expect(replyB?.subject).toBe("Re: Opening hours?");
    const [, , , assistantB] = await transcript(conversationId ?? "");
    await routeEmail(
      rawEmail({
        from: `Hana Hook <${from}>`,
        to: address,
        subject: "RE: Re: Opening hours?",
        messageId: third,
        inReplyTo: assistantB?.external_message_id ?? "",
        references: [first, replyAId, second, assistantB?.external_message_id ?? ""],
        body: "And do you sell helmets?",
      }),
      { from, to: address },
    );
    await runConsumer([{ channelId, senderId: from }]);

    const messages = await transcript(conversationId ?? "");
    expect(messages.map((m) => [m.role, m.external_message_id === null])).toEqual([
      ["customer", false],
      ["assistant", false],
      ["customer", false],
      ["assistant", false],
      ["customer", false],
      ["assistant", false],
    ]);
    // The assistant read only the new part; the whole email is kept on the message.
    expect(messages[2]?.content).toBe("Do you repair e-bikes too?");
    expect(messages[2]?.metadata.email?.body).toContain("Hook & Sons Ltd");
    expect(messages[2]?.metadata.email?.body).toContain("> Anything else?");
    const replies = await sentTo(from);
    expect(replies).toHaveLength(3);
    expect(replies[2]?.subject).toBe("Re: Opening hours?");
    expect(replies[2]?.headers["In-Reply-To"]).toBe(third);

    // A new email (no thread) from the same customer is a conversation of its own.
    const fresh = `<m4.${crypto.randomUUID()}@example.com>`;
    await routeEmail(
      rawEmail({ from, to: address, subject: "Invoice", messageId: fresh, body: "Can I get an invoice?" }),
      { from, to: address },
    );
    await runConsumer([{ channelId, senderId: from }]);
    const other = await conversationOf(fresh);
    expect(other).toBeDefined();
    expect(other).not.toBe(conversationId);
    const customers = await db().execute<{ n: number }>(sql`
      select count(distinct customer_id)::int as n from conversations where id in (${conversationId}, ${other})`);
    expect(customers.rows[0]?.n).toBe(1);
  });

  it("never answers auto-replies, bounces or list mail, so two robots cannot loop", async () => {
    const from = customer();
    const first = `<loop.${crypto.randomUUID()}@example.com>`;
    await routeEmail(rawEmail({ from, to: address, subject: "Hi", messageId: first, body: "Do you rent bikes?" }), {
      from,
      to: address,
    });
    await runConsumer([{ channelId, senderId: from }]);
    const [reply] = await sentTo(from);
    const replyId = (await transcript((await conversationOf(first)) ?? "")).at(-1)?.external_message_id ?? "";

    // The customer's out-of-office answers our reply, then a bounce and a newsletter arrive.
    const automatic = [
      rawEmail({
        from,
        to: address,
        subject: `Automatic reply: ${reply?.subject}`,
        messageId: `<ooo.${crypto.randomUUID()}@example.com>`,
        inReplyTo: replyId,
        references: [first, replyId],
        headers: { "Auto-Submitted": "auto-replied" },
        body: "I am out of the office until Monday.",
      }),
      rawEmail({
        from,
        to: address,
        subject: "Re: Hi",
        messageId: `<ooo2.${crypto.randomUUID()}@example.com>`,
        inReplyTo: replyId,
        headers: { Precedence: "auto_reply", "X-Auto-Response-Suppress": "All" },
        body: "Out of office.",
      }),
      rawEmail({
        from,
        to: address,
        subject: "Weekly deals",
        messageId: `<list.${crypto.randomUUID()}@example.com>`,
        headers: { "List-Id": "<deals.example.com>", Precedence: "bulk" },
        body: "Big savings!",
      }),
    ];
    for (const raw of automatic) await routeEmail(raw, { from, to: address });
    const bounce = rawEmail({
      from: `Mail Delivery System <MAILER-DAEMON@example.com>`,
      to: address,
      subject: "Undelivered Mail Returned to Sender",
      messageId: `<dsn.${crypto.randomUUID()}@example.com>`,
      contentType: 'multipart/report; report-type=delivery-status; boundary="b1"',
      body: "--b1\nContent-Type: text/plain\n\nThe message could not be delivered.\n--b1--",
    });
    await routeEmail(bounce, { from: "", to: address });
    await runConsumer([
      { channelId, senderId: from },
      { channelId, senderId: "mailer-daemon@example.com" },
    ]);
    expect(await sentTo(from)).toHaveLength(1);
    expect(await sentTo("mailer-daemon@example.com")).toHaveLength(0);
    const stored = await transcript((await conversationOf(first)) ?? "");
    expect(stored.map((m) => m.role)).toEqual(["customer", "assistant"]);
    expect((await receipts(channelId)).filter((r) => r.provider_event_id.includes("ooo"))).toEqual([]);
  });

  it("takes a redelivered email once, and rejects mail for an address no channel has", async () => {
    const from = customer();
    const raw = rawEmail({
      from,
      to: address,
      subject: "Twice",
      messageId: `<twice.${crypto.randomUUID()}@example.com>`,
      body: "Where are you?",
    });
    await routeEmail(raw, { from, to: address });
    await routeEmail(raw, { from, to: address });
    await runConsumer([{ channelId, senderId: from }]);
    expect(await sentTo(from)).toHaveLength(1);
    const unknown = await routeEmail(raw, { from, to: "nobody@northwind.test" });
    expect(unknown.rejected).toBe("No such mailbox.");
  });

  it("gives an address to the organization that proves it: a claim alone receives nothing", async () => {
    const other = await tenantWithChannel({ type: "web", name: "Web" });
    // Another organization types the same address: a claim, shown unverified, that cannot prove it.
    const copy = await other.manage("/v1/channels", "POST", {
      type: "email",
      name: "Copy",
      config: { address: address.toUpperCase() },
    });
    expect(copy.status).toBe(201);
    const copyId = (await copy.json<{ channel: { id: string; addressVerified: boolean } }>()).channel;
    expect(copyId.addressVerified).toBe(false);
    const wrong = await other.manage(`/v1/channels/${copyId.id}/address-verification`, "POST", { code: "ABCDEFGHJK" });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    const noRecord = await other.manage(`/v1/channels/${copyId.id}/address-verification`, "POST", {
      method: "dns_txt",
    });
    expect(noRecord.status).toBe(400);
    // Mail to the address still reaches the organization that proved it.
    const from = customer();
    const messageId = `<claim.${crypto.randomUUID()}@example.com>`;
    await routeEmail(rawEmail({ from, to: address, subject: "Hi", messageId, body: "Are you open today?" }), {
      from,
      to: address,
    });
    await takeClaims(channelId, from);
    expect(await receipts(channelId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider_event_id: `message:${messageId}` })]),
    );
    const theirs = await db().execute(sql`select 1 from channel_receipts where channel_id = ${copyId.id}`);
    expect(theirs.rows).toEqual([]);
  });

  it("a new address receives mail only once its domain's TXT record (or the mailed code) proves it", async () => {
    const fresh = `help-${crypto.randomUUID().slice(0, 8)}@bikes-${crypto.randomUUID().slice(0, 6)}.test`;
    const owner = await tenantWithChannel({ type: "web", name: "Web" });
    const created = await owner.manage("/v1/channels", "POST", {
      type: "email",
      name: "Help",
      config: { address: fresh },
    });
    const { id } = (await created.json<{ channel: { id: string } }>()).channel;
    const from = customer();
    const mail = () =>
      routeEmail(
        rawEmail({ from, to: fresh, subject: "Hi", messageId: `<${crypto.randomUUID()}@example.com>`, body: "Hello?" }),
        { from, to: fresh },
      );
    expect((await mail()).rejected).toBe("No such mailbox.");
    const status = await owner.manage(`/v1/channels/${id}/address-verification`);
    const { verification } = await status.json<{
      verification: { verified: boolean; codeSentAt: string | null; dnsRecord: { name: string; value: string } };
    }>();
    expect(verification).toMatchObject({ verified: false, dnsRecord: { name: `_frontdesk.${fresh.split("@")[1]}` } });
    expect(verification.codeSentAt).not.toBeNull();
    await fetch(`${inject("webhookReceiverUrl")}/dns/${verification.dnsRecord.name}`, {
      method: "PUT",
      body: verification.dnsRecord.value,
    });
    const proved = await owner.manage(`/v1/channels/${id}/address-verification`, "POST", { method: "dns_txt" });
    expect(proved.status).toBe(200);
    expect((await mail()).rejected).toBeUndefined();
    const listed = await owner.manage(`/v1/channels/${id}`);
    expect((await listed.json<{ channel: { addressVerified: boolean } }>()).channel.addressVerified).toBe(true);
    // A new address is a new claim.
    await owner.manage(`/v1/channels/${id}`, "PATCH", { config: { address: `other-${fresh}` } });
    const moved = await owner.manage(`/v1/channels/${id}`);
    expect((await moved.json<{ channel: { addressVerified: boolean } }>()).channel.addressVerified).toBe(false);
  });
});

describe("email that impersonates, loops or floods", () => {
  it("a From no server vouched for does not join that customer: a customer of its own, a suggestion, a person, no reply", async () => {
    const victim = customer();
    const genuine = `<genuine.${crypto.randomUUID()}@example.com>`;
    await routeEmail(rawEmail({ from: victim, to: address, subject: "Order", messageId: genuine, body: "Hi there" }), {
      from: victim,
      to: address,
    });
    await runConsumer([{ channelId, senderId: victim }]);
    const before = (await sentTo(victim)).length;
    const victimConversation = await conversationOf(genuine);
    const forged = `<forged.${crypto.randomUUID()}@evil.test>`;
    await routeEmail(
      rawEmail({
        from: victim,
        to: address,
        subject: "Re: Order",
        messageId: forged,
        inReplyTo: genuine,
        references: [genuine],
        headers: { "Reply-To": "attacker@evil.test" },
        authenticationResults: "mx.cloudflare.net; dkim=none; spf=fail smtp.mailfrom=evil.test; dmarc=fail",
        body: "Please change my delivery address and send me my booking details",
      }),
      { from: "attacker@evil.test", to: address },
    );
    await runConsumer([{ channelId, senderId: victim }]);
    // Nothing went to the attacker, nothing more to the victim.
    expect(await sentTo("attacker@evil.test")).toEqual([]);
    expect(await sentTo(victim)).toHaveLength(before);
    const forgedConversation = await conversationOf(forged);
    expect(forgedConversation).toBeDefined();
    expect(forgedConversation).not.toBe(victimConversation);
    const owners = await db().execute<{
      conversation: string;
      customer: string;
      status: string;
      verified: boolean;
    }>(sql`
      select c.id as conversation, c.customer_id as customer, c.status,
        exists (select 1 from customer_identities i where i.customer_id = c.customer_id
          and i.channel_identifier = ${`unverified:${victim}`}) as verified
      from conversations c where c.id in (${victimConversation}, ${forgedConversation})`);
    const forgedRow = owners.rows.find((row) => row.conversation === forgedConversation);
    const victimRow = owners.rows.find((row) => row.conversation === victimConversation);
    expect(forgedRow?.customer).not.toBe(victimRow?.customer);
    expect(forgedRow).toMatchObject({ status: "waiting", verified: true });
    const suggestion = await db().execute(sql`
      select 1 from customer_merge_suggestions
      where source_customer_id = ${forgedRow?.customer} and target_customer_id = ${victimRow?.customer}`);
    expect(suggestion.rows).toHaveLength(1);
  });

  it("one mail with Reply-To: the channel itself gets at most one reply, and that reply never comes back in", async () => {
    const from = customer();
    const messageId = `<loop.${crypto.randomUUID()}@example.com>`;
    await routeEmail(
      rawEmail({
        from,
        to: address,
        subject: "Loop?",
        messageId,
        headers: { "Reply-To": address },
        body: "What are your opening hours?",
      }),
      { from, to: address },
    );
    await runConsumer([{ channelId, senderId: from }]);
    // (The only mail to the channel's address is Frontdesk's verification code, from its own address.)
    expect((await sentTo(address)).filter((mail) => mail.from.email === address)).toEqual([]);
    const [reply] = await sentTo(from);
    expect(reply?.headers["Auto-Submitted"]).toBe("auto-replied");
    // Were the reply delivered to the channel's address, it comes back as an email from it: dropped.
    const echoed = await routeEmail(
      rawEmail({
        from: `Northwind support <${address}>`,
        to: address,
        subject: reply?.subject ?? "",
        messageId: `<echo.${crypto.randomUUID()}@northwind.test>`,
        body: reply?.text ?? "",
      }),
      { from: address, to: address },
    );
    expect(echoed.rejected).toBeUndefined();
    const echoedWithoutHeader = await routeEmail(
      rawEmail({
        from: address,
        to: address,
        subject: "Re: Loop?",
        messageId: `<echo2.${crypto.randomUUID()}@northwind.test>`,
        body: "hello",
      }),
      { from: address, to: address },
    );
    expect(echoedWithoutHeader.rejected).toBeUndefined();
    expect(await waitingClaims(channelId, address)).toEqual([]);
    const fromUs = await db().execute(
      sql`select 1 from channel_receipts where channel_id = ${channelId} and sender_id = ${address}`,
    );
    expect(fromUs.rows).toEqual([]);
    expect(await sentTo(from)).toHaveLength(1);
  });

  it("a sender's flood is cut at the hourly limit", async () => {
    const from = customer();
    for (let n = 0; n < 21; n++)
      await routeEmail(
        rawEmail({
          from,
          to: address,
          subject: `Flood ${n}`,
          messageId: `<f${n}.${crypto.randomUUID()}@x.test>`,
          body: "hi",
        }),
        { from, to: address },
      );
    await takeClaims(channelId, from);
    const kept = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from channel_receipts where channel_id = ${channelId} and sender_id = ${from}`,
    );
    expect(kept.rows[0]?.n).toBe(20);
  });
});
