import { env } from "cloudflare:test";
import { createDb, deleteExpiredMemories, deleteOldEvents, deleteOldMessages, schema } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadSession } from "../../chat/src/session/load-session.ts";
import {
  adminToken,
  call,
  createKey,
  createOrganization,
  createUser,
  findAnywhere,
  say,
  startConversation,
} from "./support.ts";

const db = createDb(env);

interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  externalId: string | null;
  mergedIntoCustomerId: string | null;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function newCustomer(key: string, body: Record<string, unknown>): Promise<Customer> {
  const created = await json<{ customer: Customer }>(
    await call("/v1/customers", { method: "POST", token: key, json: body }),
    201,
  );
  return created.customer;
}

async function search(key: string, query: string): Promise<string[]> {
  const page = await json<{ data: Customer[] }>(await call(`/v1/customers?${query}`, { token: key }), 200);
  return page.data.map((customer) => customer.id);
}

/** Who owns each row that points at a customer: what a merge moves and an undo must put back. */
async function ownership(customerIds: string[]) {
  const ids = sql.join(
    customerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await db.execute<{ table_name: string; id: string; customer_id: string }>(sql`
    select 'conversations' as table_name, id::text, customer_id::text from conversations where customer_id in (${ids})
    union all select 'messages', id::text, customer_id::text from messages where customer_id in (${ids})
    union all select 'customer_identities', id::text, customer_id::text from customer_identities where customer_id in (${ids})
    union all select 'customer_memories', id::text, customer_id::text from customer_memories where customer_id in (${ids})
    union all select 'tickets', id::text, customer_id::text from tickets where customer_id in (${ids})
    order by 1, 2`);
  return rows.rows;
}

describe("the customers API", () => {
  it("searches by name, email, phone in any format, external id and company; filters; pages with a cursor", async () => {
    const { apiKey } = await createOrganization("Contacts Ltd");
    const key = apiKey.key;
    const anna = await newCustomer(key, {
      name: "Anna Schmidt",
      email: "anna@example.com",
      phone: "+44 7700 900123",
      company: "Harbour Rowing Club",
      externalId: "crm-481",
    });
    const ben = await newCustomer(key, { name: "Ben Okafor", email: "ben@example.org", phone: "+1 (555) 010-0200" });
    const cara = await newCustomer(key, { name: "Cara Jones" });

    expect(await search(key, "q=schmidt")).toEqual([anna.id]);
    expect(await search(key, "q=BEN%40EXAMPLE")).toEqual([ben.id]);
    expect(await search(key, `q=${encodeURIComponent("07700 900123")}`)).toEqual([]);
    expect(await search(key, `q=${encodeURIComponent("7700-900-123")}`)).toEqual([anna.id]);
    expect(await search(key, `q=${encodeURIComponent("15550100200")}`)).toEqual([ben.id]);
    expect(await search(key, "q=crm-481")).toEqual([anna.id]);
    expect(await search(key, "q=rowing")).toEqual([anna.id]);
    expect(await search(key, "q=%25")).toEqual([]);

    await call("/v1/conversations", { method: "POST", token: key, json: { customer: { externalId: "crm-481" } } });
    expect(await search(key, "hasOpenConversation=true")).toEqual([anna.id]);
    expect((await search(key, "hasOpenConversation=false")).sort()).toEqual([ben.id, cara.id].sort());

    const first = await json<{ data: Customer[]; nextCursor: string }>(
      await call("/v1/customers?limit=2", { token: key }),
      200,
    );
    expect(first.data.map((c) => c.id)).toEqual([cara.id, ben.id]);
    const second = await json<{ data: Customer[]; nextCursor: null }>(
      await call(`/v1/customers?limit=2&cursor=${first.nextCursor}`, { token: key }),
      200,
    );
    expect(second).toMatchObject({ data: [{ id: anna.id }], nextCursor: null });

    const bad = await call("/v1/customers?hasOpenConversation=maybe", { token: key });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });

  it("reads phone numbers the way people write them, in the organization's region", async () => {
    const uk = await call("/v1/organizations", {
      method: "POST",
      token: adminToken,
      json: { name: "Harbour Bikes", timezone: "Europe/London" },
    });
    const key = (await uk.json<{ apiKey: { key: string } }>()).apiKey.key;
    const anna = await newCustomer(key, { name: "Anna", phone: "+44 7700 900123" });
    expect(await search(key, "q=07700900123")).toEqual([anna.id]);
    expect(await search(key, `q=${encodeURIComponent("07700 900 123")}`)).toEqual([anna.id]);
    // Written nationally, stored as the number it is.
    const ben = await newCustomer(key, { name: "Ben", phone: "07700 900456" });
    expect(ben.phone).toBe("+447700900456");
    expect(await search(key, `q=${encodeURIComponent("+44 7700 900456")}`)).toEqual([ben.id]);
    // A channel that vouches for the number (WhatsApp sends 447700900456) finds Ben, not a new customer.
    const conversation = await json<{ conversation: { customerId: string } }>(
      await call("/v1/conversations", { method: "POST", token: key, json: { customer: { phone: "447700900456" } } }),
      201,
    );
    expect(conversation.conversation.customerId).toBe(ben.id);

    // The region is a setting too: the same number in a German organization is another number.
    const { apiKey } = await createOrganization("Fahrradladen");
    const refused = await call("/v1/settings/customers/phone_region", {
      method: "PUT",
      token: apiKey.key,
      json: { value: "germany" },
    });
    expect(refused.status).toBe(400);
    await json(
      await call("/v1/settings/customers/phone_region", { method: "PUT", token: apiKey.key, json: { value: "DE" } }),
      200,
    );
    const carla = await newCustomer(apiKey.key, { name: "Carla", phone: "030 12345678" });
    expect(carla.phone).toBe("+493012345678");
    expect(await search(apiKey.key, `q=${encodeURIComponent("+49 30 12345678")}`)).toEqual([carla.id]);
  });

  it("shows one customer with identities, conversations, open tickets and leads; corrections keep identities consistent", async () => {
    const { apiKey } = await createOrganization("Profile Ltd");
    const key = apiKey.key;
    const conversationId = await startConversation(key, { email: "dana@example.com", name: "Dana" });
    const [conversation] = await db
      .execute<{ customer_id: string }>(sql`select customer_id from conversations where id = ${conversationId}`)
      .then((r) => r.rows);
    const customerId = conversation?.customer_id ?? "";
    await json(
      await call("/v1/tickets", { method: "POST", token: key, json: { subject: "Wobbly wheel", conversationId } }),
      201,
    );
    const channel = await json<{ channel: { id: string } }>(
      await call("/v1/channels", { method: "POST", token: key, json: { type: "email", name: "Inbox" } }),
      201,
    );
    await json(
      await call(`/v1/customers/${customerId}/identities`, {
        method: "POST",
        token: key,
        json: { channelId: channel.channel.id, channelIdentifier: "dana@example.com", verified: true },
      }),
      201,
    );

    const profile = await json<Record<string, unknown>>(await call(`/v1/customers/${customerId}`, { token: key }), 200);
    expect(profile).toMatchObject({
      customer: { id: customerId, email: "dana@example.com", name: "Dana", mergedIntoCustomerId: null },
      identities: [{ channelIdentifier: "dana@example.com", verified: true, confidenceScore: 1 }],
      conversations: { count: 1, last: { id: conversationId } },
      openTickets: [{ subject: "Wobbly wheel" }],
    });

    const corrected = await json<{ customer: Customer }>(
      await call(`/v1/customers/${customerId}`, {
        method: "PATCH",
        token: key,
        json: { email: "dana.new@example.com", company: "Dana's Deli" },
      }),
      200,
    );
    expect(corrected.customer).toMatchObject({ email: "dana.new@example.com" });
    const identities = await json<{ data: { channelIdentifier: string }[] }>(
      await call(`/v1/customers/${customerId}/identities`, { token: key }),
      200,
    );
    expect(identities.data.map((i) => i.channelIdentifier)).toEqual(["dana.new@example.com"]);

    const invalid = await call(`/v1/customers/${customerId}`, { method: "PATCH", token: key, json: { email: "nope" } });
    expect(invalid.status).toBe(400);
    const unknown = await call(`/v1/customers/${crypto.randomUUID()}`, { token: key });
    expect(unknown.status).toBe(404);
  });

  it("merges by hand and undoes the merge: every moved row goes back, both customers as they were", async () => {
    const { apiKey } = await createOrganization("Merge Ltd");
    const key = apiKey.key;
    const keep = await newCustomer(key, { name: "Eve Long", email: "eve@example.com" });
    const duplicate = await newCustomer(key, { externalId: "shop-77", phone: "+44 7700 900555", company: "Eve Co" });
    const keptConversation = await startConversation(key, { email: "eve@example.com" });
    const duplicateConversation = await startConversation(key, { externalId: "shop-77" });
    await say(key, duplicateConversation, "What are your opening hours?");
    await db.insert(schema.customerMemories).values([
      {
        organizationId: (await orgOf(keep.id)) ?? "",
        customerId: duplicate.id,
        kind: "long_term",
        key: "bike",
        value: "Brompton",
      },
    ]);
    await json(
      await call("/v1/tickets", {
        method: "POST",
        token: key,
        json: { subject: "Broken spoke", conversationId: duplicateConversation },
      }),
      201,
    );
    const before = await ownership([keep.id, duplicate.id]);
    const keepBefore = await customerRow(keep.id);
    const duplicateBefore = await customerRow(duplicate.id);

    const merged = await json<{ merge: { id: string; status: string; moved: Record<string, number> } }>(
      await call(`/v1/customers/${keep.id}/merge`, { method: "POST", token: key, json: { customerId: duplicate.id } }),
      200,
    );
    expect(merged.merge).toMatchObject({
      status: "applied",
      moved: { conversations: 1, messages: 2, customer_memories: 1, tickets: 1 },
    });
    const profile = await json<{ customer: Customer; conversations: { count: number } }>(
      await call(`/v1/customers/${keep.id}`, { token: key }),
      200,
    );
    expect(profile.conversations.count).toBe(2);
    expect(profile.customer).toMatchObject({ externalId: "shop-77", phone: "+447700900555" });
    const gone = await json<{ customer: Customer }>(await call(`/v1/customers/${duplicate.id}`, { token: key }), 200);
    expect(gone.customer.mergedIntoCustomerId).toBe(keep.id);
    expect(await search(key, "q=shop-77")).toEqual([keep.id]);

    const undone = await json<{ merge: { status: string } }>(
      await call(`/v1/customer-merges/${merged.merge.id}/undo`, { method: "POST", token: key }),
      200,
    );
    expect(undone.merge.status).toBe("undone");
    expect(await ownership([keep.id, duplicate.id])).toEqual(before);
    expect(await customerRow(keep.id)).toEqual(keepBefore);
    expect(await customerRow(duplicate.id)).toEqual(duplicateBefore);
    expect(keptConversation).not.toBe(duplicateConversation);

    const again = await call(`/v1/customer-merges/${merged.merge.id}/undo`, { method: "POST", token: key });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ detail: "this merge was already undone" });
  });

  it("refuses an undo that later changes make impossible, and a confirmed merge", async () => {
    const { apiKey } = await createOrganization("Undo Ltd");
    const key = apiKey.key;
    const a = await newCustomer(key, { name: "A" });
    const b = await newCustomer(key, { name: "B" });
    const c = await newCustomer(key, { name: "C" });
    const first = await json<{ merge: { id: string } }>(
      await call(`/v1/customers/${a.id}/merge`, { method: "POST", token: key, json: { customerId: b.id } }),
      200,
    );
    await json(
      await call(`/v1/customers/${c.id}/merge`, { method: "POST", token: key, json: { customerId: a.id } }),
      200,
    );
    const refused = await call(`/v1/customer-merges/${first.merge.id}/undo`, { method: "POST", token: key });
    expect(refused.status).toBe(409);
    expect((await refused.json<{ detail: string }>()).detail).toContain("undo that merge first");

    const d = await newCustomer(key, { name: "D" });
    const confirmed = await json<{ merge: { id: string } }>(
      await call(`/v1/customers/${c.id}/merge`, { method: "POST", token: key, json: { customerId: d.id } }),
      200,
    );
    await json(await call(`/v1/customer-merges/${confirmed.merge.id}/confirm`, { method: "POST", token: key }), 200);
    const late = await call(`/v1/customer-merges/${confirmed.merge.id}/undo`, { method: "POST", token: key });
    expect(late.status).toBe(409);
    const self = await call(`/v1/customers/${c.id}/merge`, { method: "POST", token: key, json: { customerId: c.id } });
    expect(self.status).toBe(400);
  });

  it("a weak match becomes a suggestion a person accepts or dismisses; a verified identity merges at the threshold", async () => {
    const { apiKey } = await createOrganization("Suggest Ltd");
    const key = apiKey.key;
    const channel = await json<{ channel: { id: string; publishableKey: string } }>(
      await call("/v1/channels", { method: "POST", token: key, json: { type: "web", name: "Site" } }),
      201,
    );
    const known = await newCustomer(key, { name: "Finn", email: "finn@example.com" });
    // A web visitor types Finn's email: it proves nothing, so no merge and no access to Finn's record.
    const visit = await json<{ conversation: { id: string } }>(
      await call(`/v1/public/${channel.channel.publishableKey}/conversations`, {
        method: "POST",
        json: { email: "finn@example.com", name: "Finn?" },
      }),
      201,
    );
    const [visitor] = await db
      .execute<{ customer_id: string }>(sql`select customer_id from conversations where id = ${visit.conversation.id}`)
      .then((r) => r.rows);
    expect(visitor?.customer_id).not.toBe(known.id);
    const suggestions = await json<{ data: { id: string; matchedOn: string; targetCustomerId: string }[] }>(
      await call(`/v1/customer-merge-suggestions?status=pending&customerId=${known.id}`, { token: key }),
      200,
    );
    expect(suggestions.data).toEqual([expect.objectContaining({ matchedOn: "email", targetCustomerId: known.id })]);
    const accepted = await json<{ suggestion: { status: string }; merge: { sourceCustomerId: string } }>(
      await call(`/v1/customer-merge-suggestions/${suggestions.data[0]?.id}/accept`, { method: "POST", token: key }),
      200,
    );
    expect(accepted).toMatchObject({
      suggestion: { status: "accepted" },
      merge: { sourceCustomerId: visitor?.customer_id },
    });

    // An identity another customer holds: unverified → suggestion (409); dismissed, never suggested again.
    const other = await newCustomer(key, { name: "Gus" });
    const gus = await json<{ identity: { channelIdentifier: string } }>(
      await call(`/v1/customers/${other.id}/identities`, {
        method: "POST",
        token: key,
        json: { channelId: channel.channel.id, channelIdentifier: "user:gus-1" },
      }),
      201,
    );
    const weak = await call(`/v1/customers/${known.id}/identities`, {
      method: "POST",
      token: key,
      json: { channelId: channel.channel.id, channelIdentifier: gus.identity.channelIdentifier, confidenceScore: 0.8 },
    });
    expect(weak.status).toBe(409);
    const { suggestionId } = await weak.json<{ suggestionId: string }>();
    await json(
      await call(`/v1/customer-merge-suggestions/${suggestionId}/dismiss`, { method: "POST", token: key }),
      200,
    );
    const twice = await call(`/v1/customer-merge-suggestions/${suggestionId}/dismiss`, { method: "POST", token: key });
    expect(twice.status).toBe(409);

    // The organization raises the bar: a verified identity at 0.95 is not enough; at 1 it merges.
    await json(
      await call("/v1/settings/customers/auto_merge_confidence", { method: "PUT", token: key, json: { value: 0.99 } }),
      200,
    );
    const below = await call(`/v1/customers/${known.id}/identities`, {
      method: "POST",
      token: key,
      json: { channelId: channel.channel.id, channelIdentifier: "user:gus-1", verified: true, confidenceScore: 0.95 },
    });
    expect(below.status).toBe(409);
    const merged = await json<{
      identity: { customerId: string; verified: boolean };
      merge: { sourceCustomerId: string };
    }>(
      await call(`/v1/customers/${known.id}/identities`, {
        method: "POST",
        token: key,
        json: { channelId: channel.channel.id, channelIdentifier: "user:gus-1", verified: true, confidenceScore: 1 },
      }),
      201,
    );
    expect(merged).toMatchObject({
      identity: { customerId: known.id, verified: true },
      merge: { sourceCustomerId: other.id },
    });
    const badSetting = await call("/v1/settings/customers/auto_merge_confidence", {
      method: "PUT",
      token: key,
      json: { value: 2 },
    });
    expect(badSetting.status).toBe(400);
  });

  it("memories: listed most important first, corrected, deleted; expired ones never recalled and deleted by the cron", async () => {
    const { apiKey, organization } = await createOrganization("Memory Ltd");
    const key = apiKey.key;
    const conversationId = await startConversation(key, { email: "hana@example.com" });
    const [row] = await db
      .execute<{ customer_id: string }>(sql`select customer_id from conversations where id = ${conversationId}`)
      .then((r) => r.rows);
    const customerId = row?.customer_id ?? "";
    const past = new Date(Date.now() - 60_000);
    await db.insert(schema.customerMemories).values([
      {
        organizationId: organization.id,
        customerId,
        kind: "long_term",
        key: "bike",
        value: "Brompton",
        importance: 0.4,
      },
      { organizationId: organization.id, customerId, kind: "long_term", key: "name", value: "Hana", importance: 0.9 },
      {
        organizationId: organization.id,
        customerId,
        kind: "long_term",
        key: "offer",
        value: "10% off",
        expiresAt: past,
      },
    ]);
    const listed = await json<{ data: { id: string; key: string }[] }>(
      await call(`/v1/customers/${customerId}/memories`, { token: key }),
      200,
    );
    expect(listed.data.map((m) => m.key)).toEqual(["name", "bike"]);
    const session = await loadSession(db, organization.id, conversationId);
    expect(session?.memory).toMatchObject({ name: "Hana", bike: "Brompton" });
    expect(session?.memory.offer).toBeUndefined();

    const bike = listed.data[1]?.id;
    await json(
      await call(`/v1/customers/${customerId}/memories/${bike}`, {
        method: "PATCH",
        token: key,
        json: { value: "Brompton C Line", importance: 1 },
      }),
      200,
    );
    const name = listed.data[0]?.id;
    const deleted = await call(`/v1/customers/${customerId}/memories/${name}`, { method: "DELETE", token: key });
    expect(deleted.status).toBe(204);
    const after = await json<{ data: { key: string; value: unknown }[] }>(
      await call(`/v1/customers/${customerId}/memories?includeExpired=true`, { token: key }),
      200,
    );
    expect(after.data).toEqual([
      expect.objectContaining({ key: "bike", value: "Brompton C Line" }),
      expect.objectContaining({ key: "offer" }),
    ]);
    expect(await deleteExpiredMemories(db)).toBeGreaterThanOrEqual(1);
    const left = await db.execute(sql`select key from customer_memories where customer_id = ${customerId}`);
    expect(left.rows).toEqual([{ key: "bike" }]);
  });

  it("exports everything stored about a person", async () => {
    const { apiKey } = await createOrganization("Export Ltd");
    const key = apiKey.key;
    const conversationId = await startConversation(key, { externalId: "u-900", email: "ivy@example.com" });
    await say(key, conversationId, "Do you fix tandem bicycles?");
    const events = await call("/v1/events", {
      method: "POST",
      token: key,
      json: { events: [{ event: "Viewed Pricing", userId: "u-900", properties: { plan: "pro" } }] },
    });
    expect(events.status).toBe(200);
    await json(
      await call("/v1/tools/capture_lead", {
        method: "POST",
        token: key,
        json: { input: { name: "Ivy", email: "ivy@example.com", context: "tandem repair" } },
      }),
      200,
    );
    const customers = await search(key, "q=u-900");
    const exported = await json<Record<string, unknown[]> & { customer: Customer }>(
      await call(`/v1/customers/${customers[0]}/export`, { token: key }),
      200,
    );
    expect(exported.customer).toMatchObject({ externalId: "u-900", email: "ivy@example.com" });
    expect(exported.conversations).toEqual([
      expect.objectContaining({
        id: conversationId,
        messages: expect.arrayContaining([expect.objectContaining({ content: "Do you fix tandem bicycles?" })]),
      }),
    ]);
    expect(exported.leads).toEqual([expect.objectContaining({ context: "tandem repair" })]);
    expect(exported.events).toEqual(expect.arrayContaining([expect.objectContaining({ eventType: "Viewed Pricing" })]));
    for (const part of ["identities", "memories", "bookings", "tickets", "merges", "mergeSuggestions"]) {
      expect(Array.isArray(exported[part]), part).toBe(true);
    }
  });
});

describe("erasure (GDPR Art. 17)", () => {
  it("leaves nothing of the person to find anywhere in the database, keeps the counts, and audits without the data", async () => {
    const { apiKey, organization } = await createOrganization("Erase Ltd");
    const key = apiKey.key;
    const email = "jules.verne-erase@example.com";
    const phone = "+44 7700 900876";
    const words = "Zanzibarquest";
    const conversationId = await startConversation(key, { email, phone, name: "Jules Verne", externalId: "jv-1" });
    await say(key, conversationId, `My order ${words} never arrived, call me on ${phone}`);
    // A later visit from an ad: its click id identifies the person too.
    const clickId = "IwAR-jules-click-0042";
    const fromAd = await call("/v1/conversations", {
      method: "POST",
      token: key,
      json: { customer: { externalId: "jv-1" }, attribution: { utm_campaign: "autumn", fbclid: clickId } },
    });
    expect(fromAd.status).toBe(201);
    await call("/v1/tools/capture_lead", {
      method: "POST",
      token: key,
      json: { input: { name: "Jules Verne", email, phone, context: `asked about ${words}` } },
    });
    await call("/v1/tickets", { method: "POST", token: key, json: { subject: `${words} missing`, conversationId } });
    await call("/v1/events", {
      method: "POST",
      token: key,
      json: { events: [{ type: "identify", userId: "jv-1", traits: { email, phone } }] },
    });
    const [customer] = await search(key, "q=jv-1");
    const [messagesBefore] = await db
      .execute<{ n: number }>(sql`select message_count as n from conversations where id = ${conversationId}`)
      .then((r) => r.rows);

    const erased = await json<{ erased: Record<string, number> }>(
      await call(`/v1/customers/${customer}`, { method: "DELETE", token: key }),
      200,
    );
    expect(erased.erased.messages).toBeGreaterThanOrEqual(2);

    const found = await findAnywhere([email, phone.replace(/\D/g, ""), phone, words, "Jules Verne", "jv-1", clickId]);
    expect(found).toEqual([]);
    const [messagesAfter] = await db
      .execute<{ n: number }>(sql`select message_count as n from conversations where id = ${conversationId}`)
      .then((r) => r.rows);
    expect(messagesAfter?.n).toBe(messagesBefore?.n);
    const profile = await json<{ customer: { status: string; email: null } }>(
      await call(`/v1/customers/${customer}`, { token: key }),
      200,
    );
    expect(profile.customer).toMatchObject({ status: "erased", email: null });

    const audit = await json<{ data: { action: string; resourceId: string; details: Record<string, unknown> }[] }>(
      await call(`/v1/audit-logs?action=customer.erased&resourceId=${customer}`, { token: key }),
      200,
    );
    expect(audit.data).toHaveLength(1);
    expect(JSON.stringify(audit.data)).not.toContain(email);
    expect(organization.id).toBeTruthy();
  });

  it("needs its own scope: customers:write is not enough", async () => {
    const { apiKey } = await createOrganization("Scope Ltd");
    const someone = await newCustomer(apiKey.key, { name: "Kit" });
    const writer = await createKey(apiKey.key, ["customers:read", "customers:write"]);
    const refused = await call(`/v1/customers/${someone.id}`, { method: "DELETE", token: writer.key });
    expect(refused.status).toBe(403);
    const reader = await createKey(apiKey.key, ["customers:read"]);
    const cannotWrite = await call(`/v1/customers/${someone.id}`, {
      method: "PATCH",
      token: reader.key,
      json: { name: "Kat" },
    });
    expect(cannotWrite.status).toBe(403);
  });
});

describe("retention, audit reads, leads, identify and alias, the organization's profile", () => {
  it("deletes messages and raw events past the organization's retention, in batches, and nothing younger", async () => {
    const { apiKey, organization } = await createOrganization("Retention Ltd");
    const key = apiKey.key;
    const conversationId = await startConversation(key, { email: "old@example.com" });
    await say(key, conversationId, "hello there");
    // One of the old messages holds an attachment: its object must leave R2 with it.
    const objectKey = `${organization.id}/retention/${crypto.randomUUID()}`;
    await db.execute(
      sql`update messages set sent_at = now() - interval '40 days',
        media_url = case when role = 'customer' then ${objectKey} end where conversation_id = ${conversationId}`,
    );
    const fresh = await startConversation(key, { email: "new@example.com" });
    await say(key, fresh, "hi again");
    await call("/v1/events", { method: "POST", token: key, json: { events: [{ event: "Old", userId: "x" }] } });
    await db.execute(
      sql`update analytics_events set received_at = now() - interval '100 days' where organization_id = ${organization.id} and event_type = 'Old'`,
    );
    await json(
      await call("/v1/settings/data/message_retention_days", { method: "PUT", token: key, json: { value: 30 } }),
      200,
    );
    await json(
      await call("/v1/settings/data/event_retention_days", { method: "PUT", token: key, json: { value: 90 } }),
      200,
    );
    expect(await deleteOldMessages(db)).toBeGreaterThanOrEqual(2);
    expect(await deleteOldEvents(db)).toBeGreaterThanOrEqual(1);
    const left = await db.execute<{ conversation_id: string }>(
      sql`select distinct conversation_id::text from messages where organization_id = ${organization.id}`,
    );
    expect(left.rows).toEqual([{ conversation_id: fresh }]);
    const purges = await db.execute(sql`select 1 from attachment_purges where object_key = ${objectKey}`);
    expect(purges.rows).toHaveLength(1);
    const events = await db.execute(
      sql`select 1 from analytics_events where organization_id = ${organization.id} and event_type = 'Old'`,
    );
    expect(events.rows).toEqual([]);
    const refused = await call("/v1/settings/data/message_retention_days", {
      method: "PUT",
      token: key,
      json: { value: 0 },
    });
    expect(refused.status).toBe(400);
  });

  it("the audit log is read by owners and admins, filtered by action, resource and actor; agents cannot", async () => {
    const { apiKey } = await createOrganization("Audit Ltd");
    const key = apiKey.key;
    const a = await newCustomer(key, { name: "L" });
    const b = await newCustomer(key, { name: "M" });
    await json(
      await call(`/v1/customers/${a.id}/merge`, { method: "POST", token: key, json: { customerId: b.id } }),
      200,
    );
    const conversationId = await startConversation(key, { email: "n@example.com" });
    await json(await call(`/v1/conversations/${conversationId}/close`, { method: "POST", token: key }), 200);

    const merges = await json<{ data: { action: string; resourceId: string; apiKeyId: string }[] }>(
      await call("/v1/audit-logs?action=customer.merged", { token: key }),
      200,
    );
    expect(merges.data).toEqual([expect.objectContaining({ resourceId: a.id, apiKeyId: apiKey.id })]);
    const closed = await json<{ data: unknown[] }>(
      await call(`/v1/audit-logs?resource=conversation&resourceId=${conversationId}`, { token: key }),
      200,
    );
    expect(closed.data).toEqual([expect.objectContaining({ action: "conversation.closed" })]);
    const page = await json<{ data: unknown[]; nextCursor: string }>(
      await call(`/v1/audit-logs?apiKeyId=${apiKey.id}&limit=1`, { token: key }),
      200,
    );
    expect(page.data).toHaveLength(1);
    expect(page.nextCursor).toBeTruthy();

    const agent = await createUser(key, "agent");
    const login = await call("/v1/auth/login", {
      method: "POST",
      json: { email: agent.email, password: "correct horse battery staple" },
    });
    const { token } = await login.json<{ token: string }>();
    expect((await call("/v1/audit-logs", { token })).status).toBe(403);
  });

  it("a lead moves new → contacted → qualified → converted with an owner and notes; each change is an event; skipping is refused", async () => {
    const { apiKey, organization } = await createOrganization("Leads Ltd");
    const key = apiKey.key;
    const owner = await createUser(key, "agent");
    await json(
      await call("/v1/webhook-endpoints", {
        method: "POST",
        token: key,
        json: { url: "https://crm.example/hooks", eventTypes: ["lead.created", "lead.status_changed"] },
      }),
      201,
    );
    await json(
      await call("/v1/tools/capture_lead", {
        method: "POST",
        token: key,
        json: { input: { name: "Olga", email: "olga@example.com" } },
      }),
      200,
    );
    const leads = await json<{ data: { id: string; status: string }[] }>(await call("/v1/leads", { token: key }), 200);
    const id = leads.data[0]?.id;
    const skip = await call(`/v1/leads/${id}`, { method: "PATCH", token: key, json: { status: "converted" } });
    expect(skip.status).toBe(409);
    expect(await skip.json()).toMatchObject({ currentStatus: "new", allowed: ["contacted", "lost"] });
    for (const status of ["contacted", "qualified", "converted"]) {
      const moved = await json<{ lead: { status: string } }>(
        await call(`/v1/leads/${id}`, { method: "PATCH", token: key, json: { status } }),
        200,
      );
      expect(moved.lead.status).toBe(status);
    }
    const noted = await json<{ lead: { ownerUserId: string; notes: string } }>(
      await call(`/v1/leads/${id}`, { method: "PATCH", token: key, json: { ownerUserId: owner.id, notes: "Paid" } }),
      200,
    );
    expect(noted.lead).toMatchObject({ ownerUserId: owner.id, notes: "Paid" });
    const events = await db.execute<{ event_type: string; properties: { to?: string } }>(
      sql`select event_type, properties from analytics_events
        where organization_id = ${organization.id} and event_type like 'lead_%' order by occurred_at, id`,
    );
    expect(events.rows.map((e) => e.properties.to ?? e.event_type)).toEqual([
      "contacted",
      "qualified",
      "converted",
      "lead_updated",
    ]);
    // The endpoint subscribed to creation and status changes only: no lead.updated for it.
    const webhooks = await db.execute<{ event_type: string; status: string | undefined }>(
      sql`select event_type, payload #>> '{data,lead,status}' as status from webhook_deliveries
        where organization_id = ${organization.id} order by created_at, id`,
    );
    expect(webhooks.rows).toEqual([
      { event_type: "lead.created", status: "new" },
      { event_type: "lead.status_changed", status: "contacted" },
      { event_type: "lead.status_changed", status: "qualified" },
      { event_type: "lead.status_changed", status: "converted" },
    ]);
    const stranger = await call(`/v1/leads/${id}`, {
      method: "PATCH",
      token: key,
      json: { ownerUserId: crypto.randomUUID() },
    });
    expect(stranger.status).toBe(400);
  });

  it("identify updates or creates the customer of its userId; alias links the previous id through a recorded merge", async () => {
    const { apiKey } = await createOrganization("Segment Ltd");
    const key = apiKey.key;
    const identify = await call("/v1/identify", {
      method: "POST",
      token: key,
      json: {
        userId: "seg-1",
        traits: { email: "pia@example.com", firstName: "Pia", lastName: "Lund", company: { name: "Lund AB" } },
      },
    });
    expect(identify.status).toBe(200);
    const [pia] = await search(key, "q=seg-1");
    const profile = await json<{ customer: Record<string, unknown> }>(
      await call(`/v1/customers/${pia}`, { token: key }),
      200,
    );
    expect(profile.customer).toMatchObject({ email: "pia@example.com", name: "Pia Lund", company: "Lund AB" });

    await call("/v1/identify", {
      method: "POST",
      token: key,
      json: { userId: "anon-9", traits: { name: "Visitor 9" } },
    });
    const alias = await call("/v1/alias", {
      method: "POST",
      token: key,
      json: { userId: "seg-1", previousId: "anon-9" },
    });
    expect(alias.status).toBe(200);
    const merges = await json<{ data: { targetCustomerId: string; kind: string }[] }>(
      await call(`/v1/customer-merges?customerId=${pia}`, { token: key }),
      200,
    );
    expect(merges.data).toEqual([expect.objectContaining({ targetCustomerId: pia, kind: "automatic" })]);

    await call("/v1/identify", { method: "POST", token: key, json: { userId: "anon-10", traits: {} } });
    await call("/v1/alias", { method: "POST", token: key, json: { userId: "seg-2", previousId: "anon-10" } });
    expect(await search(key, "q=seg-2")).toHaveLength(1);
    expect(await search(key, "q=anon-10")).toEqual([]);
  });

  it("the organization's profile is editable, and the assistant gives it to customers who ask how to reach the business", async () => {
    const { apiKey } = await createOrganization("Quay Cycles");
    const key = apiKey.key;
    const edited = await json<{ organization: Record<string, unknown> }>(
      await call("/v1/organizations/current", {
        method: "PATCH",
        token: key,
        json: { phoneNumber: "+44 117 496 0000", address: "3 Quay Street, Bristol", website: "https://quay.example" },
      }),
      200,
    );
    expect(edited.organization).toMatchObject({ phoneNumber: "+44 117 496 0000", address: "3 Quay Street, Bristol" });
    const turn = await say(key, await startConversation(key), "What's your phone number?");
    expect(turn.reply?.content).toBe(
      "You can reach Quay Cycles by phone on +44 117 496 0000, at 3 Quay Street, Bristol, online at https://quay.example.",
    );
    expect(turn.reply?.metadata.handover).toBeUndefined();
    const unrelated = await say(key, await startConversation(key), "Do you sell unicycles?");
    expect(unrelated.reply?.metadata).toMatchObject({ handover: "low_confidence" });
    const invalid = await call("/v1/organizations/current", {
      method: "PATCH",
      token: key,
      json: { timezone: "Mars/Olympus" },
    });
    expect(invalid.status).toBe(400);
  });
});

async function orgOf(customerId: string) {
  const [row] = await db
    .execute<{ organization_id: string }>(sql`select organization_id from customers where id = ${customerId}`)
    .then((r) => r.rows);
  return row?.organization_id;
}

async function customerRow(id: string) {
  const [row] = await db
    .execute(
      sql`select external_id, name, email, phone, company, metadata, is_merged, merged_into_customer_id, status
        from customers where id = ${id}`,
    )
    .then((r) => r.rows);
  return row;
}
