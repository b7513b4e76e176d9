import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createOrganization, createUser, password } from "./support.ts";

const db = createDb(env);

const login = (email: string, secret: string) =>
  call("/v1/auth/login", { method: "POST", json: { email, password: secret } });
const browserSignIn = (email: string, secret: string) =>
  call("/v1/auth/session", { method: "POST", json: { email, password: secret } });

/** The account's back-off has run out (what waiting it out would do, without the wait). */
const backOffOver = (email: string) =>
  db.execute(sql`update login_throttles set next_attempt_at = now() - interval '1 second' where email = ${email}`);

describe("sign-in is throttled per account, not only per address", () => {
  it("backs off exponentially after three failures, then locks until an owner lifts it, with an audit row", async () => {
    const { apiKey } = await createOrganization("Throttle Ltd");
    const user = await createUser(apiKey.key, "agent");
    // Each attempt from its own address (call() picks one): a per-IP limit would never see this.
    for (let n = 0; n < 3; n++) expect((await login(user.email, "wrong password!")).status).toBe(401);
    const early = await login(user.email, "wrong password!");
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Even the right password waits: an early attempt is not checked at all.
    expect((await browserSignIn(user.email, password)).status).toBe(429);
    const waits: number[] = [];
    for (let failures = 4; failures <= 10; failures++) {
      await backOffOver(user.email);
      expect((await browserSignIn(user.email, "still wrong!!")).status).toBe(401);
      const [row] = await db
        .execute<{ wait: number }>(
          sql`select round(extract(epoch from next_attempt_at - last_failure_at))::int as wait from login_throttles where email = ${user.email}`,
        )
        .then((r) => r.rows);
      waits.push(row?.wait ?? 0);
    }
    expect(waits.slice(0, 4)).toEqual([2, 4, 8, 16]);
    await backOffOver(user.email);
    const locked = await login(user.email, password);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ locked: true });
    const audit = await call(`/v1/audit-logs?action=user.locked&resourceId=${user.id}`, { token: apiKey.key });
    expect((await audit.json<{ data: unknown[] }>()).data).toHaveLength(1);

    const lifted = await call(`/v1/users/${user.id}/unlock`, { method: "POST", token: apiKey.key });
    expect(await lifted.json()).toEqual({ unlocked: true });
    expect((await login(user.email, password)).status).toBe(200);
  });

  it("an unknown email is throttled exactly like a known one", async () => {
    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@shop.example`;
    for (let n = 0; n < 3; n++) expect((await login(nobody, "guess guess guess")).status).toBe(401);
    expect((await login(nobody, "guess guess guess")).status).toBe(429);
  });

  it("a success starts the count afresh", async () => {
    const { apiKey } = await createOrganization("Fresh Ltd");
    const user = await createUser(apiKey.key, "agent");
    for (let n = 0; n < 2; n++) expect((await login(user.email, "wrong password!")).status).toBe(401);
    expect((await login(user.email, password)).status).toBe(200);
    for (let n = 0; n < 2; n++) expect((await login(user.email, "wrong password!")).status).toBe(401);
    expect((await login(user.email, password)).status).toBe(200);
  });
});

describe("a password reset, a role change or a deactivation ends the user's credentials", () => {
  it.each([
    ["a password reset", { password: "a brand new password 42" }],
    ["a role change", { role: "admin" }],
    ["a deactivation", { isActive: false }],
  ])("%s revokes their browser sessions and bearer tokens at once", async (_what, change) => {
    const { apiKey } = await createOrganization("Revoke Ltd");
    const user = await createUser(apiKey.key, "agent");
    const bearer = (await (await login(user.email, password)).json<{ token: string }>()).token;
    const cookie = ((await browserSignIn(user.email, password)).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await call("/v1/conversations", { token: bearer })).status).toBe(200);
    expect((await call("/v1/conversations", { headers: { cookie } })).status).toBe(200);

    const changed = await call(`/v1/users/${user.id}`, { method: "PATCH", token: apiKey.key, json: change });
    expect(changed.status).toBe(200);

    expect((await call("/v1/conversations", { token: bearer })).status).toBe(401);
    expect((await call("/v1/conversations", { headers: { cookie } })).status).toBe(401);
    const sessions = await db.execute(
      sql`select 1 from staff_sessions where user_id = ${user.id} and revoked_at is null`,
    );
    expect(sessions.rows).toEqual([]);
    if (!("isActive" in change)) {
      const secret = "password" in change ? change.password : password;
      const fresh = (await (await login(user.email, secret)).json<{ token: string }>()).token;
      expect((await call("/v1/conversations", { token: fresh })).status).toBe(200);
    }
  });

  it("a name change leaves them signed in", async () => {
    const { apiKey } = await createOrganization("Rename Ltd");
    const user = await createUser(apiKey.key, "agent");
    const bearer = (await (await login(user.email, password)).json<{ token: string }>()).token;
    await call(`/v1/users/${user.id}`, { method: "PATCH", token: apiKey.key, json: { firstName: "Robin" } });
    expect((await call("/v1/conversations", { token: bearer })).status).toBe(200);
  });
});
