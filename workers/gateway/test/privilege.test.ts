import { describe, expect, it } from "vitest";
import { call, createKey, createOrganization, createUser, password } from "./support.ts";

async function loginAs(email: string): Promise<string> {
  const response = await call("/v1/auth/login", { method: "POST", json: { email, password } });
  expect(response.status).toBe(200);
  return (await response.json<{ token: string }>()).token;
}

const mint = (token: string, scopes: string[]) =>
  call("/v1/api-keys", { method: "POST", token, json: { name: "minted", scopes } });

describe("no credential grants what it does not hold", () => {
  it("an admin cannot mint a * key (and so cannot become owner), only keys within its own scopes", async () => {
    const { apiKey } = await createOrganization();
    const admin = await createUser(apiKey.key, "admin");
    const adminToken = await loginAs(admin.email);
    const refused = await mint(adminToken, ["*"]);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: "https://frontdesk.dev/problems/forbidden", scopes: ["*"] });
    expect((await mint(adminToken, ["config:read", "conversations:write"])).status).toBe(201);
  });

  it("a key mints only subsets of its own scopes", async () => {
    const { apiKey } = await createOrganization();
    const limited = await createKey(apiKey.key, ["api_keys:write", "config:read"]);
    expect((await mint(limited.key, ["tickets:write"])).status).toBe(403);
    expect((await mint(limited.key, ["config:read", "config:write"])).status).toBe(403);
    expect((await mint(limited.key, ["config:read"])).status).toBe(201);
    // The owner key holds * and may mint anything.
    expect((await mint(apiKey.key, ["*"])).status).toBe(201);
  });

  it("creating, promoting, demoting, deactivating or resetting an owner needs *", async () => {
    const { apiKey } = await createOrganization();
    const owner = await createUser(apiKey.key, "owner");
    const admin = await createUser(apiKey.key, "admin");
    const agent = await createUser(apiKey.key, "agent");
    const adminToken = await loginAs(admin.email);
    const usersKey = await createKey(apiKey.key, ["users:write", "users:read"]);
    for (const token of [adminToken, usersKey.key]) {
      const create = await call("/v1/users", {
        method: "POST",
        token,
        json: { email: `owner-${crypto.randomUUID()}@shop.example`, password, role: "owner" },
      });
      expect(create.status).toBe(403);
      for (const change of [{ role: "owner" }]) {
        expect((await call(`/v1/users/${agent.id}`, { method: "PATCH", token, json: change })).status).toBe(403);
      }
      for (const change of [{ role: "agent" }, { isActive: false }, { password: "a brand new password" }]) {
        expect((await call(`/v1/users/${owner.id}`, { method: "PATCH", token, json: change })).status).toBe(403);
      }
    }
    // The owner still logs in with the old password and is still an owner.
    const ownerToken = await loginAs(owner.email);
    expect((await mint(ownerToken, ["*"])).status).toBe(201);
    // An owner login may do all of it.
    const promote = await call(`/v1/users/${agent.id}`, {
      method: "PATCH",
      token: ownerToken,
      json: { role: "owner" },
    });
    expect(promote.status).toBe(200);
  });

  it("a staff token follows the user's current row: deactivation and demotion apply at once", async () => {
    const { apiKey } = await createOrganization();
    const admin = await createUser(apiKey.key, "admin");
    const token = await loginAs(admin.email);
    expect((await call("/v1/api-keys", { token })).status).toBe(200);
    await call(`/v1/users/${admin.id}`, { method: "PATCH", token: apiKey.key, json: { role: "agent" } });
    // A demotion ends the token outright; signed in again, the agent holds an agent's scopes only.
    expect((await call("/v1/api-keys", { token })).status).toBe(401);
    const demoted = await loginAs(admin.email);
    expect((await call("/v1/api-keys", { token: demoted })).status).toBe(403);
    await call(`/v1/users/${admin.id}`, { method: "PATCH", token: apiKey.key, json: { isActive: false } });
    const refused = await call("/v1/organizations/current", { token: demoted });
    expect(refused.status).toBe(401);
  });

  it("a duplicate staff email answers the same whether it is ours or another organization's", async () => {
    const a = await createOrganization("A");
    const b = await createOrganization("B");
    const theirs = await createUser(b.apiKey.key, "agent");
    const ours = await createUser(a.apiKey.key, "agent");
    const attempt = (email: string) =>
      call("/v1/users", { method: "POST", token: a.apiKey.key, json: { email, password, role: "agent" } });
    const other = await attempt(theirs.email);
    const same = await attempt(ours.email);
    expect(other.status).toBe(409);
    expect(same.status).toBe(409);
    const strip = ({ instance: _, ...rest }: Record<string, unknown>) => rest;
    expect(strip(await other.json())).toEqual(strip(await same.json()));
  });
});
