import { describe, expect, it } from "vitest";
import { createTenant, errorCode, sql } from "./fixtures.ts";

describe("tenancy", () => {
  it("refuses a row that points at another tenant's row", async () => {
    const mine = await createTenant();
    const theirs = await createTenant();
    expect(
      await errorCode(
        sql`insert into conversations (organization_id, customer_id) values (${mine.organizationId}, ${theirs.customerId})`,
      ),
    ).toBe("23503");
    expect(
      await errorCode(sql`insert into messages (organization_id, conversation_id, customer_id, role, direction, content)
        values (${mine.organizationId}, ${theirs.conversationId}, ${mine.customerId}, 'customer', 'inbound', 'hi')`),
    ).toBe("23503");
  });

  it("deleting an organization removes everything it owns", async () => {
    const tenant = await createTenant();
    await sql`insert into messages (organization_id, conversation_id, customer_id, role, direction, content)
      values (${tenant.organizationId}, ${tenant.conversationId}, ${tenant.customerId}, 'customer', 'inbound', 'hello')`;
    await sql`insert into tickets (organization_id, customer_id, subject) values (${tenant.organizationId}, ${tenant.customerId}, 'Broken')`;
    await sql`delete from organizations where id = ${tenant.organizationId}`;
    const [left] = (await sql`select
        (select count(*) from customers where organization_id = ${tenant.organizationId})
      + (select count(*) from conversations where organization_id = ${tenant.organizationId})
      + (select count(*) from messages where organization_id = ${tenant.organizationId})
      + (select count(*) from tickets where organization_id = ${tenant.organizationId})
      + (select count(*) from ticket_status_changes where organization_id = ${tenant.organizationId}) as n`) as {
      n: string;
    }[];
    expect(left?.n).toBe("0");
  });
});

describe("check constraints", () => {
  it("refuse unknown message roles and directions, conversation statuses and ticket priorities", async () => {
    const t = await createTenant();
    const message = (role: string, direction: string) =>
      sql`insert into messages (organization_id, conversation_id, customer_id, role, direction)
        values (${t.organizationId}, ${t.conversationId}, ${t.customerId}, ${role}, ${direction})`;
    expect(await errorCode(message("bot", "inbound"))).toBe("23514");
    expect(await errorCode(message("customer", "sideways"))).toBe("23514");
    await message("assistant", "outbound");
    expect(await errorCode(sql`update conversations set status = 'archived' where id = ${t.conversationId}`)).toBe(
      "23514",
    );
    expect(await errorCode(sql`update conversations set status = 'closed' where id = ${t.conversationId}`)).toBe(
      "23514",
    );
    await sql`update conversations set status = 'closed', ended_at = now() where id = ${t.conversationId}`;
    expect(
      await errorCode(
        sql`insert into tickets (organization_id, customer_id, subject, priority) values (${t.organizationId}, ${t.customerId}, 'x', 'critical')`,
      ),
    ).toBe("23514");
  });
});

describe("messages", () => {
  it("accept each channel message id once: a webhook redelivery cannot store a duplicate", async () => {
    const t = await createTenant();
    const insert = () =>
      sql`insert into messages (organization_id, conversation_id, customer_id, channel_id, role, direction, content, external_message_id)
        values (${t.organizationId}, ${t.conversationId}, ${t.customerId}, ${t.channelId}, 'customer', 'inbound', 'hi', 'wamid.123')`;
    await insert();
    expect(await errorCode(insert())).toBe("23505");
    const [{ n }] =
      (await sql`select count(*)::int as n from messages where external_message_id = 'wamid.123' and channel_id = ${t.channelId}`) as [
        { n: number },
      ];
    expect(n).toBe(1);
  });

  it("keep updated_at current on update", async () => {
    const t = await createTenant();
    const [before] = (await sql`select updated_at from conversations where id = ${t.conversationId}`) as {
      updated_at: Date;
    }[];
    await sql`update conversations set title = 'renamed' where id = ${t.conversationId}`;
    const [after] = (await sql`select updated_at from conversations where id = ${t.conversationId}`) as {
      updated_at: Date;
    }[];
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Number.POSITIVE_INFINITY);
  });
});

describe("bookings", () => {
  const book = (
    orgId: string,
    customerId: string,
    resource: string,
    from: string,
    to: string,
    status: string,
    blocked: [string, string] = [from, to],
  ) =>
    sql`insert into bookings (organization_id, customer_id, resource, starts_at, ends_at, blocked_from, blocked_until, status)
      values (${orgId}, ${customerId}, ${resource}, ${from}, ${to}, ${blocked[0]}, ${blocked[1]}, ${status}) returning id`;

  it("the database refuses two open bookings whose spans (meeting plus buffers) overlap on one resource", async () => {
    const t = await createTenant();
    await book(t.organizationId, t.customerId, "room-a", "2030-01-07T10:00Z", "2030-01-07T10:30Z", "confirmed");
    for (const status of ["confirmed", "requested"]) {
      expect(
        await errorCode(
          book(t.organizationId, t.customerId, "room-a", "2030-01-07T10:15Z", "2030-01-07T10:45Z", status),
        ),
      ).toBe("23P01");
    }
    // a buffer before the meeting reaches back into the booking above
    expect(
      await errorCode(
        book(t.organizationId, t.customerId, "room-a", "2030-01-07T10:40Z", "2030-01-07T11:00Z", "requested", [
          "2030-01-07T10:25Z",
          "2030-01-07T11:00Z",
        ]),
      ),
    ).toBe("23P01");
    // touching end-to-start is fine; so are other resources and cancelled bookings
    await book(t.organizationId, t.customerId, "room-a", "2030-01-07T10:30Z", "2030-01-07T11:00Z", "confirmed");
    await book(t.organizationId, t.customerId, "room-b", "2030-01-07T10:15Z", "2030-01-07T10:45Z", "confirmed");
    await book(t.organizationId, t.customerId, "room-a", "2030-01-07T10:15Z", "2030-01-07T10:45Z", "cancelled");
  });

  it("reviving a cancelled booking whose slot was taken is refused, and the same slot in another tenant is free", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const [cancelled] = (await book(
      t.organizationId,
      t.customerId,
      "default",
      "2030-02-01T09:30Z",
      "2030-02-01T10:30Z",
      "cancelled",
    )) as { id: string }[];
    await book(t.organizationId, t.customerId, "default", "2030-02-01T09:00Z", "2030-02-01T10:00Z", "confirmed");
    expect(await errorCode(sql`update bookings set status = 'confirmed' where id = ${cancelled?.id}`)).toBe("23P01");
    await book(
      other.organizationId,
      other.customerId,
      "default",
      "2030-02-01T09:00Z",
      "2030-02-01T10:00Z",
      "confirmed",
    );
    expect(
      await errorCode(
        book(t.organizationId, t.customerId, "default", "2030-02-01T11:00Z", "2030-02-01T10:00Z", "requested"),
      ),
    ).toBe("23514");
    // the blocked span must contain the meeting
    expect(
      await errorCode(
        book(t.organizationId, t.customerId, "default", "2030-02-02T11:00Z", "2030-02-02T12:00Z", "requested", [
          "2030-02-02T11:30Z",
          "2030-02-02T12:00Z",
        ]),
      ),
    ).toBe("23514");
  });
});

describe("customer merge pointer", () => {
  it("a merge names its survivor, in the same tenant, never itself, and frees the email for the survivor", async () => {
    const t = await createTenant();
    const other = await createTenant();
    const [duplicate] =
      (await sql`insert into customers (organization_id, email, name) values (${t.organizationId}, 'Dup@Example.com', 'Dup') returning id`) as {
        id: string;
      }[];
    expect(
      await errorCode(
        sql`insert into customers (organization_id, email) values (${t.organizationId}, 'dup@example.com')`,
      ),
    ).toBe("23505");
    expect(await errorCode(sql`update customers set is_merged = true where id = ${duplicate?.id}`)).toBe("23514");
    expect(
      await errorCode(
        sql`update customers set is_merged = true, merged_into_customer_id = ${duplicate?.id} where id = ${duplicate?.id}`,
      ),
    ).toBe("23514");
    expect(
      await errorCode(
        sql`update customers set is_merged = true, merged_into_customer_id = ${other.customerId} where id = ${duplicate?.id}`,
      ),
    ).toBe("23503");
    await sql`update customers set is_merged = true, merged_into_customer_id = ${t.customerId} where id = ${duplicate?.id}`;
    await sql`insert into customers (organization_id, email) values (${t.organizationId}, 'dup@example.com')`;
    const resolved =
      await sql`select coalesce(merged_into_customer_id, id) as id from customers where id = ${duplicate?.id}`;
    expect(resolved).toEqual([{ id: t.customerId }]);
  });

  it("identities are unique per channel", async () => {
    const t = await createTenant();
    await sql`insert into customer_identities (organization_id, customer_id, channel_id, channel_identifier) values (${t.organizationId}, ${t.customerId}, ${t.channelId}, '+15550001')`;
    expect(
      await errorCode(
        sql`insert into customer_identities (organization_id, customer_id, channel_id, channel_identifier) values (${t.organizationId}, ${t.customerId}, ${t.channelId}, '+15550001')`,
      ),
    ).toBe("23505");
  });
});

describe("ticket status history", () => {
  it("is written on creation and on every status change, with the acting user from the transaction", async () => {
    const t = await createTenant();
    const [ticket] =
      (await sql`insert into tickets (organization_id, customer_id, subject) values (${t.organizationId}, ${t.customerId}, 'Refund') returning id`) as {
        id: string;
      }[];
    await sql.transaction([
      sql`select set_config('frontdesk.actor', 'user:42', true)`,
      sql`update tickets set status = 'in_progress' where id = ${ticket?.id}`,
    ]);
    await sql`update tickets set priority = 'high' where id = ${ticket?.id}`;
    await sql`update tickets set status = 'resolved' where id = ${ticket?.id}`;
    const history =
      await sql`select old_status, new_status, changed_by from ticket_status_changes where ticket_id = ${ticket?.id} order by changed_at, id`;
    expect(history).toHaveLength(3);
    expect(history).toEqual(
      expect.arrayContaining([
        { old_status: null, new_status: "new", changed_by: "system" },
        { old_status: "new", new_status: "in_progress", changed_by: "user:42" },
        { old_status: "in_progress", new_status: "resolved", changed_by: "system" },
      ]),
    );
  });
});

describe("full-text search", () => {
  it("ranks knowledge entries by relevance, title matches first", async () => {
    const t = await createTenant();
    await sql`insert into knowledge_entries (organization_id, title, content) values
      (${t.organizationId}, 'Opening hours', 'We are open Monday to Friday from 9am to 6pm.'),
      (${t.organizationId}, 'Parking', 'Free parking is available behind the building during opening hours.'),
      (${t.organizationId}, 'Refund policy', 'Refunds are issued within 14 days of purchase.')`;
    const ranked = (await sql`select title from knowledge_entries, websearch_to_tsquery('english', 'opening hours') q
      where organization_id = ${t.organizationId} and search_vector @@ q order by ts_rank(search_vector, q) desc`) as {
      title: string;
    }[];
    expect(ranked.map((row) => row.title)).toEqual(["Opening hours", "Parking"]);
  });

  it("finds messages by stemmed words, within one tenant only", async () => {
    const t = await createTenant();
    const other = await createTenant();
    for (const [tenant, content] of [
      [t, "I want to cancel my booking for tomorrow"],
      [t, "Thanks, that works"],
      [other, "Cancelled bookings are refunded"],
    ] as const) {
      await sql`insert into messages (organization_id, conversation_id, customer_id, role, direction, content)
        values (${tenant.organizationId}, ${tenant.conversationId}, ${tenant.customerId}, 'customer', 'inbound', ${content})`;
    }
    const found = await sql`select content from messages where organization_id = ${t.organizationId}
      and search_vector @@ websearch_to_tsquery('english', 'bookings cancelled')`;
    expect(found).toEqual([{ content: "I want to cancel my booking for tomorrow" }]);
  });
});
