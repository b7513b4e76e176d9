import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, resolveCustomer, schema } from "@frontdesk/db";
import { packagedPhoneDataSource } from "@frontdesk/db/phone-data";
import { seedDemoContent } from "@frontdesk/db/seed";
import { type ForwardedIdentity, identityHeader, type Scope } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";

export const db = () => createDb(env);

/**
 * The tools worker's tests call it as the gateway does: with the identity the gateway made for a
 * credential. A "key" here names such an identity (an organization and its scopes).
 */
const identities = new Map<string, ForwardedIdentity>();

function credential(organizationId: string, scopes: Scope[]): string {
  const key = `test-key-${crypto.randomUUID()}`;
  identities.set(key, { organizationId, principal: "api_key", scopes, subjectId: crypto.randomUUID() });
  return key;
}

/** A fresh organization with the demo business's meeting types, hours and assistant; its owner credential. */
export async function createDemoOrganization() {
  const organization = { id: crypto.randomUUID() };
  await db()
    .insert(schema.organizations)
    .values({
      id: organization.id,
      name: "Northwind Cycles",
      slug: `tools-${organization.id.slice(0, 8)}`,
      timezone: "Europe/London",
    });
  await seedDemoContent(db(), organization.id);
  return { organization, apiKey: { key: credential(organization.id, ["*"]) } };
}

/** Another credential of the same organization, holding only `scopes`. */
export async function createKey(ownerKey: string, scopes: Scope[]) {
  const owner = identities.get(ownerKey);
  if (!owner) throw new Error("unknown owner key");
  return { key: credential(owner.organizationId, scopes) };
}

interface CallInit {
  method?: string;
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** A request to the tools worker as the credential `token` (the gateway's forwarded identity). */
export function call(path: string, init: CallInit = {}) {
  const identity = init.token ? identities.get(init.token) : undefined;
  const headers: Record<string, string> = { ...init.headers };
  if (identity) headers[identityHeader] = JSON.stringify(identity);
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`https://tools.internal${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

/** A conversation of a customer (found by their details or created), as the chat worker starts one. */
export async function startConversation(key: string, customer: { name?: string; email?: string }) {
  const identity = identities.get(key);
  if (!identity) throw new Error("unknown key");
  const customerId = await resolveCustomer(db(), identity.organizationId, customer, null, packagedPhoneDataSource);
  const [row] = await db()
    .insert(schema.conversations)
    .values({ organizationId: identity.organizationId, customerId, channelId: null })
    .returning({ id: schema.conversations.id });
  if (!row) throw new Error("conversation not created");
  return row.id;
}

/** A booking as the bookings worker stored it. */
export async function bookingOf(organizationId: string, id: string) {
  const b = schema.bookings;
  const [row] = await db()
    .select({ status: b.status, startsAt: b.startsAt })
    .from(b)
    .where(and(eq(b.organizationId, organizationId), eq(b.id, id)));
  if (!row) throw new Error("no such booking");
  return { status: row.status, startsAt: row.startsAt.toISOString() };
}

/** The organization's `tools/require_confirmation` setting, as an admin would set it. */
export async function requireConfirmation(organizationId: string, toolNames: string[]) {
  await db()
    .insert(schema.settings)
    .values({ organizationId, category: "tools", key: "require_confirmation", value: toolNames });
}
