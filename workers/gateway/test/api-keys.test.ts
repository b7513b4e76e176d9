import { env } from "cloudflare:test";
import { createDb, schema } from "@frontdesk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createKey, createOrganization } from "./support.ts";

interface KeyPage {
  data: { id: string; prefix: string; name: string; revokedAt: string | null }[];
  nextCursor: string | null;
}

describe("/v1/api-keys", () => {
  it("lists keys newest first with cursor pagination, never the secret or its hash", async () => {
    const { apiKey } = await createOrganization();
    for (let index = 0; index < 4; index++) await createKey(apiKey.key, ["api_keys:read"]);
    const first = await (await call("/v1/api-keys?limit=2", { token: apiKey.key })).json<KeyPage>();
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await (
      await call(`/v1/api-keys?limit=2&cursor=${first.nextCursor}`, { token: apiKey.key })
    ).json<KeyPage>();
    const third = await (
      await call(`/v1/api-keys?limit=2&cursor=${second.nextCursor}`, { token: apiKey.key })
    ).json<KeyPage>();
    const ids = [...first.data, ...second.data, ...third.data].map((key) => key.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    const text = JSON.stringify([first, second, third]);
    expect(text).not.toMatch(/hash|_[A-Za-z0-9]{32}"/);
  });

  it("stores only a hash of the key", async () => {
    const { apiKey, organization } = await createOrganization();
    const rows = await createDb(env)
      .select()
      .from(schema.apiKeys)
      .where(eq(schema.apiKeys.organizationId, organization.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(apiKey.key);
    expect(rows[0]?.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a bad cursor, unknown fields and unknown scopes with 400", async () => {
    const { apiKey } = await createOrganization();
    expect((await call("/v1/api-keys?cursor=garbage", { token: apiKey.key })).status).toBe(400);
    const unknownField = await call("/v1/api-keys", {
      method: "POST",
      token: apiKey.key,
      json: { name: "x", scopes: ["*"], admin: true },
    });
    expect(unknownField.status).toBe(400);
    expect(await unknownField.json()).toMatchObject({ type: "https://frontdesk.dev/problems/validation-failed" });
    const badScope = await call("/v1/api-keys", {
      method: "POST",
      token: apiKey.key,
      json: { name: "x", scopes: ["root"] },
    });
    expect(badScope.status).toBe(400);
  });

  it("records every management write in the audit log", async () => {
    const { apiKey, organization } = await createOrganization();
    const created = await createKey(apiKey.key, ["api_keys:read"]);
    await call(`/v1/api-keys/${created.id}`, {
      method: "DELETE",
      token: apiKey.key,
      headers: { "user-agent": "audit-test/1.0" },
    });
    const log = await createDb(env)
      .select({
        action: schema.auditLogs.action,
        resource: schema.auditLogs.resource,
        userAgent: schema.auditLogs.userAgent,
      })
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.organizationId, organization.id));
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "create", resource: "organization" }),
        expect.objectContaining({ action: "create", resource: "api_key" }),
        { action: "revoke", resource: "api_key", userAgent: "audit-test/1.0" },
      ]),
    );
  });
});

describe("tenant isolation", () => {
  it("another tenant's key id answers 404 and changes nothing", async () => {
    const a = await createOrganization("Tenant A");
    const b = await createOrganization("Tenant B");
    const victim = await createKey(a.apiKey.key, ["api_keys:read"]);
    const attempt = await call(`/v1/api-keys/${victim.id}`, { method: "DELETE", token: b.apiKey.key });
    expect(attempt.status).toBe(404);
    expect((await call("/v1/api-keys", { token: victim.key })).status).toBe(200);
    const bList = await (await call("/v1/api-keys", { token: b.apiKey.key })).json<KeyPage>();
    expect(bList.data.map((key) => key.id)).toEqual([b.apiKey.id]);
    const bAudit = await createDb(env)
      .select()
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.organizationId, b.organization.id));
    expect(bAudit.map((row) => row.action)).toEqual(["create"]);
  });
});
