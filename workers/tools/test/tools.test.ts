import { schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { londonTime, nextMidweekDay } from "../../../test/calendar-time.ts";
import {
  bookingOf,
  call,
  createDemoOrganization,
  createKey,
  db,
  requireConfirmation,
  startConversation,
} from "./support.ts";

interface ToolCall {
  id: string;
  toolName: string;
  status: string;
  output: Record<string, unknown> | null;
  error: string | null;
  durationMs: number | null;
  conversationId: string | null;
}

const invoke = (key: string, name: string, body: Record<string, unknown>, idempotencyKey?: string) =>
  call(`/v1/tools/${name}`, {
    method: "POST",
    token: key,
    json: body,
    ...(idempotencyKey ? { headers: { "idempotency-key": idempotencyKey } } : {}),
  });

describe("the tool registry", () => {
  it("describes every tool with a JSON-schema input a model can be given", async () => {
    const { apiKey } = await createDemoOrganization();
    const response = await call("/v1/tools", { token: apiKey.key });
    expect(response.status).toBe(200);
    const { data } = await response.json<{
      data: { name: string; description: string; inputSchema: { type: string; properties: Record<string, unknown> } }[];
    }>();
    expect(data.map((tool) => tool.name).sort()).toEqual([
      "cancel_booking",
      "capture_lead",
      "check_availability",
      "create_booking",
      "create_ticket",
      "reschedule_booking",
      "update_ticket_status",
    ]);
    const booking = data.find((tool) => tool.name === "create_booking");
    expect(booking?.inputSchema.type).toBe("object");
    expect(Object.keys(booking?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["meetingType", "startsAt"]),
    );
    expect(data.every((tool) => tool.description.length > 20)).toBe(true);
  });

  it("answers an unknown tool with 404 and bad input with 400, recording the failed call", async () => {
    const { apiKey } = await createDemoOrganization();
    expect((await invoke(apiKey.key, "launch_rocket", { input: {} })).status).toBe(404);
    const bad = await invoke(apiKey.key, "capture_lead", { input: { email: "not an email" } });
    expect(bad.status).toBe(400);
    const problem = await bad.json<{ toolCallId: string; errors: { path: string }[] }>();
    expect(problem.errors[0]?.path).toBe("email");
    const recorded = await (await call(`/v1/tool-calls/${problem.toolCallId}`, { token: apiKey.key })).json<{
      toolCall: ToolCall;
    }>();
    expect(recorded.toolCall).toMatchObject({ toolName: "capture_lead", status: "failed" });
  });
});

describe("invoking tools", () => {
  it("capture_lead creates the customer and one open lead, enriched on the next call rather than duplicated", async () => {
    const { apiKey } = await createDemoOrganization();
    const first = await invoke(apiKey.key, "capture_lead", {
      input: { name: "Hana", email: "hana@example.com", sourceIntent: "booking" },
    });
    expect(first.status).toBe(200);
    const { toolCall } = await first.json<{ toolCall: ToolCall }>();
    expect(toolCall).toMatchObject({ status: "completed", output: { created: true } });
    expect(toolCall.durationMs).toBeGreaterThanOrEqual(0);
    const again = await invoke(apiKey.key, "capture_lead", {
      input: { email: "hana@example.com", role: "Team manager" },
    });
    expect((await again.json<{ toolCall: ToolCall }>()).toolCall.output).toMatchObject({
      created: false,
      customerId: toolCall.output?.customerId,
    });
    const leads = await (await call("/v1/leads", { token: apiKey.key })).json<{ data: Record<string, unknown>[] }>();
    expect(leads.data).toEqual([
      expect.objectContaining({
        name: "Hana",
        email: "hana@example.com",
        role: "Team manager",
        sourceIntent: "booking",
      }),
    ]);
  });

  it("a retry with the same Idempotency-Key returns the first result and books once; another input under it is refused", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const input = {
      meetingType: "repair-drop-off",
      startsAt: londonTime(nextMidweekDay(), "16:00"),
      name: "Ivo",
      email: "ivo@example.com",
    };
    const first = await invoke(apiKey.key, "create_booking", { input }, "book-ivo-1");
    expect(first.status).toBe(200);
    const firstCall = (await first.json<{ toolCall: ToolCall }>()).toolCall;
    expect(firstCall.output).toMatchObject({ booking: { status: "confirmed", customerEmail: "ivo@example.com" } });

    const retry = await invoke(apiKey.key, "create_booking", { input: { ...input } }, "book-ivo-1");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await retry.json<{ toolCall: ToolCall }>()).toolCall).toEqual(firstCall);

    const changed = await invoke(
      apiKey.key,
      "create_booking",
      { input: { ...input, name: "Someone else" } },
      "book-ivo-1",
    );
    expect(changed.status).toBe(422);
    expect((await changed.json<{ type: string }>()).type).toMatch(/idempotency-key-reused$/);

    const bookings = await db()
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(eq(schema.bookings.organizationId, organization.id));
    expect(bookings).toHaveLength(1);
    const calls = await (await call("/v1/tool-calls?toolName=create_booking", { token: apiKey.key })).json<{
      data: ToolCall[];
    }>();
    expect(calls.data).toHaveLength(1);
  });

  it("a tool that fails is recorded as failed, answers with the underlying problem, and replays the same failure", async () => {
    const { apiKey } = await createDemoOrganization();
    const startsAt = londonTime(nextMidweekDay(), "17:00");
    const input = { meetingType: "repair-drop-off", startsAt, name: "Jay" };
    expect((await invoke(apiKey.key, "create_booking", { input })).status).toBe(200);
    const taken = await invoke(apiKey.key, "create_booking", { input: { ...input, name: "Kim" } }, "kim");
    expect(taken.status).toBe(409);
    const problem = await taken.json<{ type: string; conflict: { startsAt: string }; toolCallId: string }>();
    expect(problem).toMatchObject({ type: expect.stringMatching(/booking-conflict$/), conflict: { startsAt } });
    const replay = await invoke(apiKey.key, "create_booking", { input: { ...input, name: "Kim" } }, "kim");
    expect(replay.status).toBe(409);
    expect((await replay.json<{ toolCallId: string }>()).toolCallId).toBe(problem.toolCallId);
    const recorded = await (await call(`/v1/tool-calls/${problem.toolCallId}`, { token: apiKey.key })).json<{
      toolCall: ToolCall;
    }>();
    expect(recorded.toolCall).toMatchObject({ status: "failed", error: expect.stringContaining("already holds") });
  });

  it("a tool the organization wants confirmed waits for a person; approval runs it once, rejection never", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    await requireConfirmation(organization.id, ["cancel_booking"]);
    const day = nextMidweekDay();
    const book = async (time: string) =>
      (
        await (
          await invoke(apiKey.key, "create_booking", {
            input: { meetingType: "repair-drop-off", startsAt: londonTime(day, time), name: "Lou" },
          })
        ).json<{ toolCall: { output: { booking: { id: string } } } }>()
      ).toolCall.output.booking.id;
    const first = await book("09:00");
    const second = await book("10:00");

    const pending = await invoke(apiKey.key, "cancel_booking", {
      input: { bookingId: first, reason: "changed plans" },
    });
    expect(pending.status).toBe(202);
    const { toolCall } = await pending.json<{ toolCall: ToolCall }>();
    expect(toolCall.status).toBe("awaiting_confirmation");
    const bookingStatus = async (id: string) => (await bookingOf(organization.id, id)).status;
    expect(await bookingStatus(first)).toBe("confirmed");
    const queue = await (await call("/v1/tool-calls?status=awaiting_confirmation", { token: apiKey.key })).json<{
      data: ToolCall[];
    }>();
    expect(queue.data.map((item) => item.id)).toEqual([toolCall.id]);

    // Confirming needs tools:approve.
    const invoker = await createKey(apiKey.key, ["tools:invoke", "bookings:write", "bookings:read"]);
    expect((await call(`/v1/tool-calls/${toolCall.id}/approve`, { method: "POST", token: invoker.key })).status).toBe(
      403,
    );

    const approved = await call(`/v1/tool-calls/${toolCall.id}/approve`, { method: "POST", token: apiKey.key });
    expect(approved.status).toBe(200);
    expect((await approved.json<{ toolCall: ToolCall }>()).toolCall).toMatchObject({ status: "completed" });
    expect(await bookingStatus(first)).toBe("cancelled");
    expect((await call(`/v1/tool-calls/${toolCall.id}/approve`, { method: "POST", token: apiKey.key })).status).toBe(
      409,
    );

    const other = await invoke(apiKey.key, "cancel_booking", { input: { bookingId: second } });
    const otherId = (await other.json<{ toolCall: ToolCall }>()).toolCall.id;
    const rejected = await call(`/v1/tool-calls/${otherId}/reject`, {
      method: "POST",
      token: apiKey.key,
      json: { reason: "Customer called back" },
    });
    expect((await rejected.json<{ toolCall: ToolCall }>()).toolCall).toMatchObject({
      status: "rejected",
      error: "Customer called back",
    });
    expect(await bookingStatus(second)).toBe("confirmed");
    expect((await call(`/v1/tool-calls/${otherId}/approve`, { method: "POST", token: apiKey.key })).status).toBe(409);
  });

  it("create_ticket inside a conversation opens a ticket for that conversation's customer", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversationId = await startConversation(apiKey.key, { email: "max@example.com", name: "Max" });
    const response = await invoke(apiKey.key, "create_ticket", {
      input: { subject: "Gears slip after service", priority: "high" },
      conversationId,
    });
    expect(response.status).toBe(200);
    const { toolCall } = await response.json<{ toolCall: ToolCall }>();
    expect(toolCall).toMatchObject({
      conversationId,
      output: { ticket: { status: "new", priority: "high", conversationId, reference: expect.stringMatching(/^T-/) } },
    });
    const tickets = await (await call(`/v1/tickets?conversationId=${conversationId}`, { token: apiKey.key })).json<{
      data: unknown[];
    }>();
    expect(tickets.data).toHaveLength(1);
  });
});

describe("tickets", () => {
  it("follow their status machine, and every change is in the history with who made it", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversationId = await startConversation(apiKey.key, { email: "nia@example.com" });
    const created = await call("/v1/tickets", {
      method: "POST",
      token: apiKey.key,
      json: { subject: "Warranty claim: cracked frame", conversationId, category: "warranty" },
    });
    expect(created.status).toBe(201);
    const { ticket } = await created.json<{ ticket: { id: string; status: string; customerId: string } }>();
    expect(ticket.status).toBe("new");
    const move = (status: string, comment?: string) =>
      call(`/v1/tickets/${ticket.id}/status`, {
        method: "POST",
        token: apiKey.key,
        json: { status, ...(comment ? { comment } : {}) },
      });
    expect((await move("in_progress")).status).toBe(200);
    expect((await move("resolved", "Frame replaced")).status).toBe(200);
    const invalid = await move("in_progress");
    expect(invalid.status).toBe(409);
    expect(await invalid.json()).toMatchObject({ allowed: ["closed", "reopened"] });
    expect((await move("reopened")).status).toBe(200);
    const history = await (await call(`/v1/tickets/${ticket.id}/history`, { token: apiKey.key })).json<{
      data: { oldStatus: string | null; newStatus: string; changedBy: string; comment: string | null }[];
    }>();
    expect(history.data.map((change) => [change.oldStatus, change.newStatus])).toEqual([
      [null, "new"],
      ["new", "in_progress"],
      ["in_progress", "resolved"],
      ["resolved", "reopened"],
    ]);
    expect(history.data[2]?.comment).toBe("Frame replaced");
    expect(history.data.every((change) => change.changedBy.startsWith("api_key:"))).toBe(true);

    const filtered = await (await call("/v1/tickets?status=reopened&category=warranty", { token: apiKey.key })).json<{
      data: { id: string }[];
    }>();
    expect(filtered.data.map((item) => item.id)).toEqual([ticket.id]);
    const patched = await call(`/v1/tickets/${ticket.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { priority: "urgent" },
    });
    expect((await patched.json<{ ticket: { priority: string } }>()).ticket.priority).toBe("urgent");
  });

  it("are invisible to another organization", async () => {
    const a = await createDemoOrganization();
    const b = await createDemoOrganization();
    const conversationId = await startConversation(b.apiKey.key, { email: "oz@example.com" });
    const created = await call("/v1/tickets", {
      method: "POST",
      token: b.apiKey.key,
      json: { subject: "B's", conversationId },
    });
    const { ticket } = await created.json<{ ticket: { id: string } }>();
    expect((await call(`/v1/tickets/${ticket.id}`, { token: a.apiKey.key })).status).toBe(404);
    expect(
      (
        await call(`/v1/tickets/${ticket.id}/status`, {
          method: "POST",
          token: a.apiKey.key,
          json: { status: "closed" },
        })
      ).status,
    ).toBe(404);
    // A's tool cannot act in B's conversation either.
    const foreign = await invoke(a.apiKey.key, "create_ticket", { input: { subject: "x" }, conversationId });
    expect(foreign.status).toBe(404);
    expect(
      (await call("/v1/tickets", { token: a.apiKey.key }).then((r) => r.json<{ data: unknown[] }>())).data,
    ).toEqual([]);
  });
});

describe("a tool call whose worker died", () => {
  it("is reclaimed after its lease: marked failed with the reason, and a retry with its Idempotency-Key runs", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const database = db();
    const key = `retry-${crypto.randomUUID()}`;
    const conversationId = await startConversation(apiKey.key, { name: "Rae" });
    const [stuck] = await database
      .insert(schema.toolCalls)
      .values({
        organizationId: organization.id,
        conversationId,
        toolName: "create_ticket",
        input: { subject: "Wobbly wheel" },
        status: "running",
        idempotencyKey: key,
        leaseExpiresAt: new Date(Date.now() - 1_000),
      })
      .returning({ id: schema.toolCalls.id });
    const retry = await invoke(
      apiKey.key,
      "create_ticket",
      { input: { subject: "Wobbly wheel" }, conversationId },
      key,
    );
    expect(retry.status).toBe(200);
    expect((await retry.json<{ toolCall: ToolCall }>()).toolCall).toMatchObject({ status: "completed" });
    const old = await (await call(`/v1/tool-calls/${stuck?.id}`, { token: apiKey.key })).json<{ toolCall: ToolCall }>();
    expect(old.toolCall).toMatchObject({ status: "failed", error: expect.stringContaining("lease expired") });
    // A call still inside its lease is not taken over: the retry waits for it (409 in progress).
    const fresh = `fresh-${crypto.randomUUID()}`;
    await database.insert(schema.toolCalls).values({
      organizationId: organization.id,
      conversationId,
      toolName: "create_ticket",
      input: { subject: "Squeaky brake" },
      status: "running",
      idempotencyKey: fresh,
      leaseExpiresAt: new Date(Date.now() + 60_000),
    });
    const waiting = await invoke(
      apiKey.key,
      "create_ticket",
      { input: { subject: "Squeaky brake" }, conversationId },
      fresh,
    );
    expect(waiting.status).toBe(409);
  });
});
