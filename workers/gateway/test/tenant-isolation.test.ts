import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { describe, expect, it } from "vitest";
import { type CreatedOrganization, call, createKey, createOrganization, createUser } from "./support.ts";

/** One resource of the victim tenant, and how the victim reads it back to prove it unchanged. */
interface Planted {
  params: Record<string, string>;
  read: () => Promise<unknown>;
}

interface Target {
  plant: (victim: CreatedOrganization) => Promise<Planted>;
  /** A valid body per method, so a refusal is about the tenant and not about the input. */
  bodies?: Record<string, unknown>;
  /** Methods on the path that address no other tenant's resource, with the reason. */
  notTenantScoped?: Record<string, string>;
}

async function created<T>(response: Response): Promise<T> {
  if (response.status !== 201) throw new Error(`not created: ${response.status} ${await response.text()}`);
  return response.json<T>();
}

/** The victim's list, filtered to one item: what an attacker's writes must leave untouched. */
function listed(victim: CreatedOrganization, path: string, id: string, key: "id" | "agentId" = "id") {
  return async () => {
    const page = await (await call(path, { token: victim.apiKey.key })).json<{ data: Record<string, unknown>[] }>();
    return page.data.find((item) => item[key] === id) ?? null;
  };
}

async function aiAgent(victim: CreatedOrganization) {
  const body = await created<{ agent: { id: string } }>(
    await call("/v1/agents", { method: "POST", token: victim.apiKey.key, json: { kind: "ai", displayName: "Nora" } }),
  );
  return body.agent.id;
}

async function humanAgent(victim: CreatedOrganization) {
  const user = await createUser(victim.apiKey.key, "agent");
  const body = await created<{ agent: { id: string } }>(
    await call("/v1/agents", {
      method: "POST",
      token: victim.apiKey.key,
      json: { kind: "human", userId: user.id, displayName: "Sam" },
    }),
  );
  return body.agent.id;
}

async function conversation(victim: CreatedOrganization) {
  const body = await created<{ conversation: { id: string } }>(
    await call("/v1/conversations", {
      method: "POST",
      token: victim.apiKey.key,
      json: { customer: { email: "victim-customer@example.com" } },
    }),
  );
  const id = body.conversation.id;
  return {
    params: { id },
    read: async () => [
      await (await call(`/v1/conversations/${id}`, { token: victim.apiKey.key })).json(),
      await (await call(`/v1/conversations/${id}/messages`, { token: victim.apiKey.key })).json(),
      await (await call(`/v1/conversations/${id}/notes`, { token: victim.apiKey.key })).json(),
    ],
  };
}

/** A configuration item (knowledge entry, template, stage) created by the victim, read back by id. */
async function configItem(victim: CreatedOrganization, path: string, json: unknown) {
  const response = await call(path, { method: "POST", token: victim.apiKey.key, json });
  const body = await created<Record<string, { id: string }>>(response);
  const id = Object.values(body)[0]?.id ?? "";
  return { params: { id }, read: async () => (await call(`${path}/${id}`, { token: victim.apiKey.key })).json() };
}

const templateBody = { name: "Victim prompt", templateType: "custom", content: "{{conversation}}" };

const tomorrow = new Date(Date.now() + 86_400_000);

/** A bookable calendar for the victim, once: a meeting type and tomorrow open all day (UTC). */
const calendars = new Map<string, Promise<string>>();
function victimCalendar(victim: CreatedOrganization): Promise<string> {
  const existing = calendars.get(victim.organization.id);
  if (existing) return existing;
  const setup = (async () => {
    const slug = `consult-${crypto.randomUUID().slice(0, 8)}`;
    await created(
      await call("/v1/meeting-types", {
        method: "POST",
        token: victim.apiKey.key,
        json: { name: "Consultation", slug, durationMinutes: 30, minimumNoticeMinutes: 0 },
      }),
    );
    await created(
      await call("/v1/business-hours", {
        method: "POST",
        token: victim.apiKey.key,
        json: { dayOfWeek: tomorrow.getUTCDay(), opensAt: "00:00", closesAt: "24:00" },
      }),
    );
    return slug;
  })();
  calendars.set(victim.organization.id, setup);
  return setup;
}

let bookedHour = 0;
async function booking(victim: CreatedOrganization): Promise<Planted> {
  const meetingType = await victimCalendar(victim);
  const startsAt = `${tomorrow.toISOString().slice(0, 10)}T${String(bookedHour++ % 24).padStart(2, "0")}:00:00.000Z`;
  const body = await created<{ booking: { id: string } }>(
    await call("/v1/bookings", {
      method: "POST",
      token: victim.apiKey.key,
      json: { meetingType, startsAt, customer: { email: "victim-booker@example.com" } },
    }),
  );
  const id = body.booking.id;
  return {
    params: { id },
    read: async () => [
      await (await call(`/v1/bookings/${id}`, { token: victim.apiKey.key })).json(),
      await (await call(`/v1/bookings/${id}/history`, { token: victim.apiKey.key })).json(),
    ],
  };
}

async function ticket(victim: CreatedOrganization): Promise<Planted> {
  const { params } = await conversation(victim);
  const body = await created<{ ticket: { id: string } }>(
    await call("/v1/tickets", {
      method: "POST",
      token: victim.apiKey.key,
      json: { subject: "Victim's complaint", conversationId: params.id },
    }),
  );
  const id = body.ticket.id;
  return {
    params: { id },
    read: async () => [
      await (await call(`/v1/tickets/${id}`, { token: victim.apiKey.key })).json(),
      await (await call(`/v1/tickets/${id}/history`, { token: victim.apiKey.key })).json(),
    ],
  };
}

/** A tool call of the victim's waiting for a person's approval. */
async function awaitingToolCall(victim: CreatedOrganization): Promise<Planted> {
  await call("/v1/settings/tools/require_confirmation", {
    method: "PUT",
    token: victim.apiKey.key,
    json: { value: ["capture_lead"] },
  });
  const response = await call("/v1/tools/capture_lead", {
    method: "POST",
    token: victim.apiKey.key,
    json: { input: { name: "Victim lead", email: "victim-lead@example.com" } },
  });
  expect(response.status).toBe(202);
  const { toolCall } = await response.json<{ toolCall: { id: string } }>();
  return {
    params: { id: toolCall.id },
    read: async () => (await call(`/v1/tool-calls/${toolCall.id}`, { token: victim.apiKey.key })).json(),
  };
}

async function webhookEndpoint(victim: CreatedOrganization): Promise<Planted> {
  const item = await configItem(victim, "/v1/webhook-endpoints", { url: "https://victim.example/hooks" });
  return {
    params: item.params,
    read: async () => [
      await item.read(),
      await (await call(`/v1/webhook-endpoints/${item.params.id}/deliveries`, { token: victim.apiKey.key })).json(),
    ],
  };
}

/** A customer of the victim's with an identity and a memory, read back in full. */
async function victimCustomer(victim: CreatedOrganization): Promise<Planted> {
  const { customer } = await created<{ customer: { id: string } }>(
    await call("/v1/customers", {
      method: "POST",
      token: victim.apiKey.key,
      json: { name: "Victim Customer", email: `victim-${crypto.randomUUID().slice(0, 8)}@example.com` },
    }),
  );
  const channel = await victimWebChannel(victim);
  const { identity } = await created<{ identity: { id: string } }>(
    await call(`/v1/customers/${customer.id}/identities`, {
      method: "POST",
      token: victim.apiKey.key,
      json: { channelId: channel.params.id, channelIdentifier: `user:${customer.id}` },
    }),
  );
  const [memory] = await createDb(env)
    .insert(schema.customerMemories)
    .values({
      organizationId: victim.organization.id,
      customerId: customer.id,
      kind: "long_term",
      key: "secret",
      value: "the victim's",
    })
    .returning({ id: schema.customerMemories.id });
  const read = (path: string) => async () => (await call(path, { token: victim.apiKey.key })).json();
  return {
    params: { id: customer.id, identityId: identity.id, memoryId: memory?.id ?? "" },
    read: async () => [
      await read(`/v1/customers/${customer.id}`)(),
      await read(`/v1/customers/${customer.id}/memories`)(),
    ],
  };
}

/** A merge of two of the victim's customers, still undoable. */
async function victimMerge(victim: CreatedOrganization): Promise<Planted> {
  const a = await victimCustomer(victim);
  const b = await victimCustomer(victim);
  const response = await call(`/v1/customers/${a.params.id}/merge`, {
    method: "POST",
    token: victim.apiKey.key,
    json: { customerId: b.params.id },
  });
  const { merge } = await response.json<{ merge: { id: string } }>();
  return {
    params: { id: merge.id },
    read: async () => [
      await (await call(`/v1/customer-merges/${merge.id}`, { token: victim.apiKey.key })).json(),
      await a.read(),
    ],
  };
}

/** A pending suggestion that two of the victim's customers are one person. */
async function victimMergeSuggestion(victim: CreatedOrganization): Promise<Planted> {
  const a = await victimCustomer(victim);
  const b = await victimCustomer(victim);
  const [row] = await createDb(env)
    .insert(schema.customerMergeSuggestions)
    .values({
      organizationId: victim.organization.id,
      targetCustomerId: a.params.id ?? "",
      sourceCustomerId: b.params.id ?? "",
      matchedOn: "email",
      confidence: "0.90",
    })
    .returning({ id: schema.customerMergeSuggestions.id });
  const id = row?.id ?? "";
  return {
    params: { id },
    read: async () => [
      (
        await (
          await call("/v1/customer-merge-suggestions", { token: victim.apiKey.key })
        ).json<{ data: { id: string }[] }>()
      ).data.find((item) => item.id === id) ?? null,
      await a.read(),
      await b.read(),
    ],
  };
}

async function victimLead(victim: CreatedOrganization): Promise<Planted> {
  const response = await call("/v1/tools/capture_lead", {
    method: "POST",
    token: victim.apiKey.key,
    json: { input: { name: "Victim lead", email: `lead-${crypto.randomUUID().slice(0, 8)}@example.com` } },
  });
  expect(response.status).toBe(200);
  const leads = await (await call("/v1/leads", { token: victim.apiKey.key })).json<{ data: { id: string }[] }>();
  const id = leads.data[0]?.id ?? "";
  return { params: { id }, read: listed(victim, "/v1/leads", id) };
}

/** Every path of the API with a path parameter that names a tenant's resource. */
const targets: Record<string, Target> = {
  "/v1/customers/{id}": { plant: victimCustomer, bodies: { patch: { name: "Defaced" } } },
  "/v1/customers/{id}/export": { plant: victimCustomer },
  "/v1/customers/{id}/visitor-tokens/revoke": { plant: victimCustomer, bodies: { post: {} } },
  "/v1/customers/{id}/merge": { plant: victimCustomer, bodies: { post: { customerId: crypto.randomUUID() } } },
  "/v1/customers/{id}/identities": {
    plant: victimCustomer,
    bodies: { post: { channelId: crypto.randomUUID(), channelIdentifier: "user:attacker" } },
  },
  "/v1/customers/{id}/identities/{identityId}": { plant: victimCustomer },
  "/v1/customers/{id}/identities/{identityId}/verify": { plant: victimCustomer },
  "/v1/customers/{id}/memories": { plant: victimCustomer },
  "/v1/customers/{id}/memories/{memoryId}": { plant: victimCustomer, bodies: { patch: { value: "defaced" } } },
  "/v1/customer-merges/{id}": { plant: victimMerge },
  "/v1/customer-merges/{id}/undo": { plant: victimMerge },
  "/v1/customer-merges/{id}/confirm": { plant: victimMerge },
  "/v1/customer-merge-suggestions/{id}/accept": { plant: victimMergeSuggestion },
  "/v1/customer-merge-suggestions/{id}/dismiss": { plant: victimMergeSuggestion },
  "/v1/leads/{id}": { plant: victimLead, bodies: { patch: { status: "lost", notes: "defaced" } } },
  "/v1/conversations/{id}": { plant: conversation },
  "/v1/conversations/{id}/messages": { plant: conversation, bodies: { post: { content: "What are your hours?" } } },
  "/v1/conversations/{id}/agent-messages": { plant: conversation, bodies: { post: { content: "Hijacked" } } },
  "/v1/conversations/{id}/handover": { plant: conversation, bodies: { post: { reason: "attack" } } },
  "/v1/conversations/{id}/close": { plant: conversation },
  "/v1/conversations/{id}/reopen": { plant: conversation },
  "/v1/conversations/{id}/read": { plant: conversation },
  "/v1/conversations/{id}/csat": { plant: conversation, bodies: { put: { score: 1 } } },
  "/v1/conversations/{id}/live": { plant: conversation },
  "/v1/conversations/{id}/notes": { plant: conversation, bodies: { post: { content: "Planted by an attacker" } } },
  "/v1/conversations/{id}/assign": { plant: conversation, bodies: { post: { agentId: null } } },
  "/v1/canned-responses/{id}": {
    plant: (victim) =>
      configItem(victim, "/v1/canned-responses", { shortcut: "secret", title: "Secret", content: "Victim's reply" }),
    bodies: { patch: { content: "Defaced" } },
  },
  "/v1/knowledge/{id}": {
    plant: (victim) => configItem(victim, "/v1/knowledge", { title: "Secret", content: "Victim's own answer" }),
    bodies: { patch: { content: "Defaced" } },
  },
  "/v1/synonyms/{id}": {
    plant: (victim) => configItem(victim, "/v1/synonyms", { terms: ["hire", "rent"] }),
    bodies: { patch: { terms: ["hire", "steal"] } },
  },
  "/v1/escalation-rules/{id}": {
    plant: (victim) => configItem(victim, "/v1/escalation-rules", { category: "legal", phrases: ["ombudsperson"] }),
    bodies: { patch: { phrases: ["defaced"] } },
  },
  "/v1/synonyms/lexicon/{term}": {
    plant: async () => ({ params: { term: "hire" }, read: async () => "the shared lexicon" }),
    notTenantScoped: { get: "the default lexicon every organization shares, read-only" },
  },
  "/v1/knowledge-suggestions/{id}": { plant: knowledgeSuggestion },
  "/v1/knowledge-suggestions/{id}/accept": { plant: knowledgeSuggestion, bodies: { post: {} } },
  "/v1/knowledge-suggestions/{id}/dismiss": { plant: knowledgeSuggestion },
  "/v1/templates/{id}": {
    plant: (victim) => configItem(victim, "/v1/templates", templateBody),
    bodies: { patch: { content: "Defaced" } },
  },
  "/v1/stages/{id}": {
    plant: async (victim) => {
      const template = await configItem(victim, "/v1/templates", templateBody);
      const templateId = template.params.id;
      return configItem(victim, "/v1/stages", {
        name: "intake",
        description: "Victim's stage",
        stageType: "triage",
        stageSelectionTemplateId: templateId,
        dataExtractionTemplateId: templateId,
        responseGenerationTemplateId: templateId,
      });
    },
    bodies: { patch: { name: "defaced" } },
  },
  "/v1/templates/{id}/versions": { plant: (victim) => configItem(victim, "/v1/templates", templateBody) },
  "/v1/projects/{id}": {
    plant: (victim) => configItem(victim, "/v1/projects", { name: "Victim's assistant", persona: "Secret persona" }),
    bodies: { patch: { persona: "Defaced" } },
  },
  "/v1/ad-assets/{id}": {
    plant: (victim) =>
      configItem(victim, "/v1/ad-assets", { assetType: "ad", title: "Victim's ad", platformAdId: "42" }),
    bodies: { patch: { status: "archived" } },
  },
  "/v1/simulations/cases/{id}": {
    plant: (victim) =>
      configItem(victim, "/v1/simulations/cases", { name: "Victim's case", turns: [{ message: "hello" }] }),
    bodies: { patch: { turns: [{ message: "defaced" }] } },
  },
  "/v1/simulations/runs/{id}": {
    plant: async (victim) => {
      const { run } = await (
        await call("/v1/simulations/run", { method: "POST", token: victim.apiKey.key, json: {} })
      ).json<{ run: { id: string } }>();
      return {
        params: { id: run.id },
        read: async () => (await call(`/v1/simulations/runs/${run.id}`, { token: victim.apiKey.key })).json(),
      };
    },
  },
  "/v1/bookings/{id}": { plant: booking },
  "/v1/bookings/{id}/history": { plant: booking },
  "/v1/bookings/{id}/confirm": { plant: booking, bodies: { post: {} } },
  "/v1/bookings/{id}/cancel": { plant: booking, bodies: { post: { reason: "attack" } } },
  "/v1/bookings/{id}/complete": { plant: booking, bodies: { post: {} } },
  "/v1/bookings/{id}/no-show": { plant: booking, bodies: { post: {} } },
  "/v1/bookings/{id}/reschedule": {
    plant: booking,
    bodies: { post: { startsAt: `${tomorrow.toISOString().slice(0, 10)}T23:30:00.000Z` } },
  },
  "/v1/meeting-types/{id}": {
    plant: (victim) =>
      configItem(victim, "/v1/meeting-types", {
        name: "Victim type",
        slug: `victim-${crypto.randomUUID().slice(0, 8)}`,
        durationMinutes: 30,
      }),
    bodies: { patch: { durationMinutes: 5 } },
  },
  "/v1/holidays/{id}": {
    plant: (victim) => configItem(victim, "/v1/holidays", { date: "2031-12-25", name: "Christmas" }),
    bodies: { patch: { name: "Defaced" } },
  },
  "/v1/business-hours/{id}": {
    plant: (victim) =>
      configItem(victim, "/v1/business-hours", {
        dayOfWeek: (tomorrow.getUTCDay() + 3) % 7,
        opensAt: "09:00",
        closesAt: "10:00",
      }),
    bodies: { patch: { closesAt: "23:00" } },
  },
  "/v1/calendar-feeds/{id}": {
    plant: async (victim) => {
      const { feed } = await created<{ feed: { id: string } }>(
        await call("/v1/calendar-feeds", { method: "POST", token: victim.apiKey.key, json: { name: "Victim feed" } }),
      );
      return { params: { id: feed.id }, read: listed(victim, "/v1/calendar-feeds", feed.id) };
    },
  },
  "/v1/webhook-endpoints/{id}": {
    plant: webhookEndpoint,
    bodies: { patch: { url: "https://attacker.example/steal" } },
  },
  "/v1/webhook-endpoints/{id}/deliveries": { plant: webhookEndpoint },
  "/v1/tickets/{id}": { plant: ticket, bodies: { patch: { subject: "Defaced", priority: "low" } } },
  "/v1/tickets/{id}/status": { plant: ticket, bodies: { post: { status: "closed" } } },
  "/v1/tickets/{id}/history": { plant: ticket },
  "/v1/tool-calls/{id}": { plant: awaitingToolCall },
  "/v1/tool-calls/{id}/approve": { plant: awaitingToolCall },
  "/v1/tool-calls/{id}/reject": { plant: awaitingToolCall, bodies: { post: { reason: "attack" } } },
  "/v1/tools/{name}": {
    plant: async (victim) => ({
      params: { name: "capture_lead" },
      read: async () => (await call("/v1/leads", { token: victim.apiKey.key })).json(),
    }),
    notTenantScoped: { post: "names a tool, not a tenant's resource; the call acts in the caller's organization" },
  },
  "/v1/agents/{id}": {
    plant: async (victim) => {
      const id = await aiAgent(victim);
      return { params: { id }, read: listed(victim, "/v1/agents", id) };
    },
    bodies: { patch: { displayName: "Taken over", maxConcurrentChats: 0 } },
  },
  "/v1/api-keys/{id}": {
    plant: async (victim) => {
      const { id } = await createKey(victim.apiKey.key, ["config:read"]);
      return { params: { id }, read: listed(victim, "/v1/api-keys", id) };
    },
  },
  // The attachment key is built from the caller's organization, so another tenant's file cannot be
  // named at all (workers/channels/test/attachments.test.ts opens a real one across tenants).
  "/v1/attachments/{channelId}/{objectId}": {
    plant: async (victim) => {
      const { params } = await victimWebChannel(victim);
      const path = `/v1/attachments/${params.id}/${crypto.randomUUID()}`;
      return {
        params: { channelId: params.id ?? "", objectId: path.split("/").at(-1) ?? "" },
        read: async () => (await call(path, { token: victim.apiKey.key })).status,
      };
    },
  },
  "/v1/channels/{id}": {
    plant: (victim) => victimWebChannel(victim),
    bodies: { patch: { name: "Hijacked", allowedOrigins: ["https://attacker.example"] } },
  },
  "/v1/channels/{id}/identity-secret": {
    plant: (victim) => victimWebChannel(victim),
  },
  "/v1/channels/{id}/address-verification": {
    plant: (victim) => victimEmailChannel(victim),
    bodies: { post: { code: "ABCDEFGHJK" } },
  },
  "/v1/channels/{id}/address-verification/code": { plant: (victim) => victimEmailChannel(victim) },
  "/v1/users/{id}": {
    plant: async (victim) => {
      const { id } = await createUser(victim.apiKey.key, "agent");
      return { params: { id }, read: listed(victim, "/v1/users", id) };
    },
    bodies: { patch: { role: "admin", isActive: false } },
  },
  "/v1/users/{id}/unlock": {
    plant: async (victim) => {
      const { id } = await createUser(victim.apiKey.key, "agent");
      return { params: { id }, read: listed(victim, "/v1/users", id) };
    },
  },
  "/v1/presence/agents/{id}": {
    plant: async (victim) => {
      const id = await humanAgent(victim);
      return { params: { id }, read: listed(victim, "/v1/presence/agents", id, "agentId") };
    },
    bodies: { put: { status: "online" } },
  },
  "/v1/settings/{category}/{key}": {
    plant: async (victim) => {
      const response = await call("/v1/settings/chat/greeting", {
        method: "PUT",
        token: victim.apiKey.key,
        json: { value: "Welcome to the victim's shop" },
      });
      expect(response.status).toBe(200);
      return {
        params: { category: "chat", key: "greeting" },
        read: async () => (await call("/v1/settings?category=chat", { token: victim.apiKey.key })).json(),
      };
    },
    notTenantScoped: { put: "writes the caller's own setting of that name; it never addresses another tenant's row" },
  },
};

/** A web channel of the victim's, read back through the victim's own key. */
/** A pending knowledge suggestion of the victim (as a person's answer to a handed-over question leaves one). */
async function knowledgeSuggestion(victim: CreatedOrganization): Promise<Planted> {
  const { params } = await conversation(victim);
  const [row] = await createDb(env)
    .insert(schema.knowledgeSuggestions)
    .values({
      organizationId: victim.organization.id,
      conversationId: params.id ?? "",
      questionMessageId: crypto.randomUUID(),
      answerMessageId: crypto.randomUUID(),
      kind: "new_entry",
      question: "Do you sell victims' secrets?",
      answer: "Never.",
      proposedTitle: "Do you sell victims' secrets?",
      proposedContent: "Never.",
    })
    .returning({ id: schema.knowledgeSuggestions.id });
  const id = row?.id ?? "";
  return {
    params: { id },
    read: async () => [
      await (await call(`/v1/knowledge-suggestions/${id}`, { token: victim.apiKey.key })).json(),
      await (await call("/v1/knowledge", { token: victim.apiKey.key })).json(),
    ],
  };
}

async function victimWebChannel(victim: CreatedOrganization) {
  const { channel } = await created<{ channel: { id: string } }>(
    await call("/v1/channels", {
      method: "POST",
      token: victim.apiKey.key,
      json: { type: "web", name: "Website", allowedOrigins: ["https://victim.example"] },
    }),
  );
  return {
    params: { id: channel.id },
    read: async () => (await call(`/v1/channels/${channel.id}`, { token: victim.apiKey.key })).json(),
  };
}

/** The victim's email channel with an address it has not proven (its claim is what an attacker would want). */
async function victimEmailChannel(victim: CreatedOrganization) {
  const address = `help-${crypto.randomUUID().slice(0, 8)}@victim.example`;
  const { channel } = await created<{ channel: { id: string } }>(
    await call("/v1/channels", {
      method: "POST",
      token: victim.apiKey.key,
      json: { type: "email", name: "Help", config: { address } },
    }),
  );
  return {
    params: { id: channel.id },
    read: async () =>
      (await call(`/v1/channels/${channel.id}/address-verification`, { token: victim.apiKey.key })).json(),
  };
}

/** Path-parameterised operations of the published document; channel-key routes authenticate by their key. */
async function operationsWithIds(): Promise<Map<string, string[]>> {
  const document = await (await call("/v1/openapi.json")).json<{ paths: Record<string, Record<string, unknown>> }>();
  const operations = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!path.includes("{") || path.startsWith("/v1/public/")) continue;
    operations.set(path, Object.keys(methods));
  }
  return operations;
}

const fill = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `missing-${name}`);

describe("tenant isolation, generated from the OpenAPI document", () => {
  it("every route with an id has a target here (a new route must be added to the matrix)", async () => {
    expect([...(await operationsWithIds()).keys()].sort()).toEqual(Object.keys(targets).sort());
  });

  it("tenant A's owner key gets 404 for each of tenant B's ids on every method, and B's data is unchanged", async () => {
    const attacker = await createOrganization("Attacker Ltd");
    const victim = await createOrganization("Victim Ltd");
    const operations = await operationsWithIds();
    const outcomes: string[] = [];
    for (const [path, methods] of operations) {
      const target = targets[path];
      if (!target) continue;
      const planted = await target.plant(victim);
      const before = await planted.read();
      expect(before, path).not.toBeNull();
      for (const method of methods) {
        if (target.notTenantScoped?.[method]) continue;
        const body = target.bodies?.[method];
        const response = await call(fill(path, planted.params), {
          method: method.toUpperCase(),
          token: attacker.apiKey.key,
          ...(body === undefined ? {} : { json: body }),
        });
        outcomes.push(`${method.toUpperCase()} ${path} → ${response.status}`);
      }
      expect(await planted.read(), path).toEqual(before);
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(9);
    expect(outcomes.filter((outcome) => !outcome.endsWith("→ 404"))).toEqual([]);
  });
});

describe("web chat visitors across tenants", () => {
  it("a visitor token of one tenant's channel opens nothing of another tenant's", async () => {
    const ownKey = async (tenant: CreatedOrganization) =>
      (
        await created<{ channel: { publishableKey: string } }>(
          await call("/v1/channels", {
            method: "POST",
            token: tenant.apiKey.key,
            json: { type: "web", name: "Website" },
          }),
        )
      ).channel.publishableKey;
    const attacker = await createOrganization("Attacker Ltd");
    const victim = await createOrganization("Victim Ltd");
    const attackerKey = await ownKey(attacker);
    const victimKey = await ownKey(victim);
    const session = await created<{ token: string }>(
      await call(`/v1/public/${attackerKey}/conversations`, { method: "POST", json: {} }),
    );
    for (const path of ["/conversation", "/conversation/messages"]) {
      const response = await call(`/v1/public/${victimKey}${path}`, { token: session.token });
      expect(response.status, path).toBe(401);
    }
    const sent = await call(`/v1/public/${victimKey}/conversation/messages`, {
      method: "POST",
      token: session.token,
      json: { content: "hello" },
    });
    expect(sent.status).toBe(401);
  });
});
