import { exports } from "cloudflare:workers";

export const adminToken = "test-admin-token";

export function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  // Each call from its own documentation-range address, so tests never share the per-IP budget.
  if (!headers.has("cf-connecting-ip"))
    headers.set("cf-connecting-ip", `198.51.100.${Math.floor(Math.random() * 254) + 1}`);
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
