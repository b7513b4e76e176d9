import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createOrganization, createUser, password } from "./support.ts";

async function login(email: string, secret = password) {
  return call("/v1/auth/login", { method: "POST", json: { email, password: secret } });
}

describe("staff users", () => {
  it("log in with email and password and get a 15-minute bearer token", async () => {
    const { apiKey } = await createOrganization();
    const agent = await createUser(apiKey.key, "agent");
    const response = await login(agent.email.toUpperCase());
    expect(response.status).toBe(200);
    const session = await response.json<{ token: string; expiresAt: string; user: { role: string } }>();
    expect(session.user.role).toBe("agent");
    const minutes = (new Date(session.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect((await call("/v1/organizations/current", { token: session.token })).status).toBe(200);
  });

  it("passwords are stored only as a slow salted hash", async () => {
    const { apiKey } = await createOrganization();
    const agent = await createUser(apiKey.key, "agent");
    const [row] = await createDb(env).select().from(schema.users).where(eq(schema.users.id, agent.id));
    expect(row?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row?.passwordHash).not.toContain(password);
  });

  it("wrong passwords, unknown emails, deactivated users and forged tokens are 401", async () => {
    const { apiKey } = await createOrganization();
    const agent = await createUser(apiKey.key, "agent");
    expect((await login(agent.email, "wrong password!!")).status).toBe(401);
    expect((await login("nobody@nowhere.example")).status).toBe(401);
    await call(`/v1/users/${agent.id}`, { method: "PATCH", token: apiKey.key, json: { isActive: false } });
    expect((await login(agent.email)).status).toBe(401);
    const forged =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwib3JnIjoieSIsInJvbGUiOiJvd25lciIsInR5cCI6InN0YWZmIn0.c2lnbmF0dXJl";
    expect((await call("/v1/organizations/current", { token: forged })).status).toBe(401);
  });

  it("roles are enforced: agents read, admins manage but cannot make owners", async () => {
    const { apiKey } = await createOrganization();
    const agent = await createUser(apiKey.key, "agent");
    const admin = await createUser(apiKey.key, "admin");
    const agentToken = (await (await login(agent.email)).json<{ token: string }>()).token;
    const adminToken = (await (await login(admin.email)).json<{ token: string }>()).token;
    expect((await call("/v1/users", { token: agentToken })).status).toBe(200);
    expect((await call("/v1/api-keys", { token: agentToken })).status).toBe(403);
    expect(
      (
        await call("/v1/users", {
          method: "POST",
          token: agentToken,
          json: { email: "x@y.example", password, role: "agent" },
        })
      ).status,
    ).toBe(403);
    expect((await call("/v1/api-keys", { token: adminToken })).status).toBe(200);
    expect(
      (
        await call("/v1/users", {
          method: "POST",
          token: adminToken,
          json: { email: "o@y.example", password, role: "owner" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(`/v1/users/${agent.id}`, { method: "PATCH", token: adminToken, json: { role: "owner" } })).status,
    ).toBe(403);
    expect(
      (await call(`/v1/users/${agent.id}`, { method: "PATCH", token: adminToken, json: { role: "admin" } })).status,
    ).toBe(200);
  });

  it("refuses short passwords and duplicate emails", async () => {
    const { apiKey } = await createOrganization();
    expect(
      (
        await call("/v1/users", {
          method: "POST",
          token: apiKey.key,
          json: { email: "s@y.example", password: "short", role: "agent" },
        })
      ).status,
    ).toBe(400);
    const agent = await createUser(apiKey.key, "agent");
    const again = await call("/v1/users", {
      method: "POST",
      token: apiKey.key,
      json: { email: agent.email, password, role: "agent" },
    });
    expect(again.status).toBe(409);
  });

  it("another tenant's user id is 404 and unchanged", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const agent = await createUser(a.apiKey.key, "agent");
    expect(
      (await call(`/v1/users/${agent.id}`, { method: "PATCH", token: b.apiKey.key, json: { isActive: false } })).status,
    ).toBe(404);
    expect((await login(agent.email)).status).toBe(200);
  });
});
