import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from "ai";
import { sql } from "drizzle-orm";
import { inject } from "vitest";

export const adminToken = "test-admin-token";

const randomByte = () => Math.floor(Math.random() * 256);
export const randomTestAddress = () => `198.${18 + (randomByte() % 2)}.${randomByte()}.${(randomByte() % 254) + 1}`;

export function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  // Each call from its own documentation-range address, so tests never share the per-IP budget.
  // A random address of 198.18.0.0/15 (RFC 2544's benchmarking range): the files of a project share
  // one runtime and its rate limits, so a caller must not share its address with another test's.
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomTestAddress());
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(`https://api.frontdesk.test${path}`, { ...init, headers, body });
}

export interface CreatedOrganization {
  organization: { id: string; name: string; slug: string };
  apiKey: { id: string; key: string; prefix: string; scopes: string[] };
}

/** A new tenant and its owner key, through the public API as the platform admin. */
export async function createOrganization(name = "Acme Bikes"): Promise<CreatedOrganization> {
  const response = await call("/v1/organizations", { method: "POST", token: adminToken, json: { name } });
  if (response.status !== 201) throw new Error(`organization not created: ${response.status} ${await response.text()}`);
  return response.json<CreatedOrganization>();
}

export async function createKey(ownerKey: string, scopes: string[], extra: Record<string, unknown> = {}) {
  const response = await call("/v1/api-keys", {
    method: "POST",
    token: ownerKey,
    json: { name: "test key", scopes, ...extra },
  });
  if (response.status !== 201) throw new Error(`key not created: ${response.status} ${await response.text()}`);
  return (await response.json<{ apiKey: { id: string; key: string } }>()).apiKey;
}

export const password = "correct horse battery staple";

/** A staff user, created by the owner key; logs in with `password`. */
export async function createUser(
  ownerKey: string,
  role: string,
  email = `${role}-${crypto.randomUUID().slice(0, 8)}@shop.example`,
) {
  const response = await call("/v1/users", {
    method: "POST",
    token: ownerKey,
    json: { email, password, role, firstName: "Kim" },
  });
  if (response.status !== 201) throw new Error(`user not created: ${response.status} ${await response.text()}`);
  return { email, ...(await response.json<{ user: { id: string } }>()).user };
}

/** A new tenant holding a copy of the demo business (Northwind Cycles: FAQ, stages, agents). */
export async function createDemoOrganization(): Promise<CreatedOrganization> {
  const created = await createOrganization("Northwind Cycles");
  await seedDemoContent(createDb(env), created.organization.id);
  return created;
}

export interface Turn {
  message: { id: string; role: string; content: string; metadata: Record<string, unknown> };
  reply: { id: string; role: string; content: string; metadata: Record<string, unknown> } | null;
  conversation: {
    id: string;
    status: string;
    agentId: string | null;
    stage: string | null;
    extractedData: Record<string, string>;
  };
}

/** Starts a conversation for a new customer; returns its id. */
export async function startConversation(key: string, customer: Record<string, string> = {}): Promise<string> {
  const response = await call("/v1/conversations", { method: "POST", token: key, json: { customer } });
  if (response.status !== 201) throw new Error(`conversation not created: ${response.status} ${await response.text()}`);
  return (await response.json<{ conversation: { id: string } }>()).conversation.id;
}

export async function say(key: string, conversationId: string, content: string): Promise<Turn> {
  const response = await call(`/v1/conversations/${conversationId}/messages`, {
    method: "POST",
    token: key,
    json: { content },
  });
  if (response.status !== 200) throw new Error(`turn failed: ${response.status} ${await response.text()}`);
  return response.json<Turn>();
}

/** A human agent with a staff login (role agent); returns the agent's id and a bearer token. */
export async function humanAgent(ownerKey: string) {
  const user = await createUser(ownerKey, "agent");
  const response = await call("/v1/agents", {
    method: "POST",
    token: ownerKey,
    json: { kind: "human", userId: user.id, displayName: "Sam", availability: "available" },
  });
  if (response.status !== 201) throw new Error(`agent not created: ${response.status}`);
  const { agent } = await response.json<{ agent: { id: string } }>();
  const login = await call("/v1/auth/login", { method: "POST", json: { email: user.email, password } });
  return { agentId: agent.id, token: (await login.json<{ token: string }>()).token };
}

/** What a live socket delivers (staff and visitor views share these keys). */
export interface LiveEvent {
  type: string;
  message?: { id: string; role: string; content: string; authorName?: string | null; metadata?: unknown };
  conversation?: { id?: string; status: string; agentId?: string | null };
  /** The inbox feed: the messages of a conversation change, and private notes. */
  messages?: { role: string; content: string }[];
  note?: { conversationId: string; content: string; authorName: string | null };
  role?: string;
  typing?: boolean;
  name?: string | null;
}

/** A WebSocket opened through the gateway, collecting what arrives; `until` waits for an event. */
export async function openSocket(path: string, headers: Record<string, string>) {
  const response = await exports.default.fetch(`https://api.frontdesk.test${path}`, {
    headers: { upgrade: "websocket", "cf-connecting-ip": randomTestAddress(), ...headers },
  });
  if (response.status !== 101) throw new Error(`no socket: ${response.status} ${await response.text()}`);
  const socket = response.webSocket;
  if (!socket) throw new Error("no WebSocket in the 101 response");
  const events: LiveEvent[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    events.push(JSON.parse(String(event.data)));
    for (const wake of waiters.splice(0)) wake();
  });
  socket.accept();
  /** The first event that matches, waiting for each next event (at most 10 s in all). */
  const until = async (predicate: (event: LiveEvent) => boolean) => {
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      for (const wake of waiters.splice(0)) wake();
    }, 10_000);
    try {
      while (!events.some(predicate)) {
        if (timedOut) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return events.find(predicate);
    } finally {
      clearTimeout(deadline);
    }
  };
  return { socket, response, events, until };
}

/** Sends `text` as `useChat` does (the AI SDK's DefaultChatTransport) and reads the reply it streams. */
export async function askWithUseChat(api: string, headers: Record<string, string>, chatId: string, text: string) {
  const transport = new DefaultChatTransport<UIMessage>({
    api: `https://api.frontdesk.test${api}`,
    headers,
    fetch: (input, init) => exports.default.fetch(input instanceof Request ? input : String(input), init),
  });
  const stream = await transport.sendMessages({
    chatId,
    messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }],
    trigger: "submit-message",
    messageId: undefined,
    abortSignal: undefined,
  });
  let reply: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) reply = message;
  return reply;
}

/** A delivery the test webhook receiver recorded. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** The receiver's inbox once it holds `atLeast` deliveries: it answers when they arrive (bounded, no polling). */
export async function inbox(name: string, atLeast: number): Promise<Received[]> {
  const receiver = inject("webhookReceiverUrl");
  const { deliveries } = await (await fetch(`${receiver}/inbox/${name}/wait/${atLeast}`)).json<{
    deliveries: Received[];
  }>();
  if (deliveries.length < atLeast) throw new Error(`inbox ${name} never got ${atLeast} deliveries`);
  return deliveries;
}

/** Every text, JSON and array column of every table that still holds one of `needles` (case-insensitive). */
export async function findAnywhere(needles: string[]): Promise<string[]> {
  const columns = await createDb(env).execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'tsvector'))
      and c.table_name not in ('lexicon_words', 'schema_migrations')`);
  const found: string[] = [];
  for (const { table_name, column_name } of columns.rows) {
    for (const needle of needles) {
      const hits = await createDb(env).execute(
        sql`select 1 from ${sql.identifier(table_name)} where strpos(lower(${sql.identifier(column_name)}::text), lower(${needle})) > 0 limit 1`,
      );
      if (hits.rows.length > 0) found.push(`${table_name}.${column_name} holds ${needle}`);
    }
  }
  return found;
}

/**
 * An email channel whose address is proven, as its owner proves it: the code Frontdesk mailed to
 * the address (mailed before the channel's 201, so the test recorder already holds it), typed back.
 */
export async function provenEmailChannel(
  key: string,
  body: { name: string; config: { address: string } & Record<string, unknown> },
) {
  const created = await call("/v1/channels", { method: "POST", token: key, json: { type: "email", ...body } });
  if (created.status !== 201) throw new Error(`channel not created: ${await created.text()}`);
  const { channel } = await created.json<{ channel: { id: string } }>();
  const address = body.config.address.toLowerCase();
  const mails = (await inbox("provider-email", 1)).map((mail) => JSON.parse(mail.body) as { to: string; text: string });
  const code = /enter this code in Frontdesk: ([A-Z0-9]+)/.exec(
    mails.filter((mail) => mail.to === address).at(-1)?.text ?? "",
  )?.[1];
  if (!code) throw new Error(`no code was mailed to ${address}`);
  const proved = await call(`/v1/channels/${channel.id}/address-verification`, {
    method: "POST",
    token: key,
    json: { code },
  });
  if (proved.status !== 200) throw new Error(`address not proven: ${await proved.text()}`);
  return channel;
}
