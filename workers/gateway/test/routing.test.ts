import { env } from "cloudflare:test";
import { domainWorkers, routePrefixes, underPrefix, visitorPrefix } from "@frontdesk/contracts/route-prefixes";
import { createDb, schema } from "@frontdesk/db";
import { describe, expect, it } from "vitest";
import { domainService } from "../src/domain-workers.ts";
import { call, createOrganization } from "./support.ts";

async function conversationFor(organizationId: string) {
  const db = createDb(env);
  const [customer] = await db.insert(schema.customers).values({ organizationId, name: "Ada" }).returning();
  const [conversation] = await db
    .insert(schema.conversations)
    .values({ organizationId, customerId: customer?.id ?? "" })
    .returning();
  return conversation?.id ?? "";
}

describe("routing to the chat worker", () => {
  it("passes the resolved tenant: each organization sees only its own conversations", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    const mine = await conversationFor(a.organization.id);
    await conversationFor(b.organization.id);
    const response = await call("/v1/conversations", { token: a.apiKey.key });
    expect(response.status).toBe(200);
    const body = await response.json<{ data: { id: string }[] }>();
    expect(body.data.map((conversation) => conversation.id)).toEqual([mine]);
  });

  it("strips an identity a client tries to smuggle in", async () => {
    const a = await createOrganization();
    const b = await createOrganization();
    await conversationFor(b.organization.id);
    const spoofed = JSON.stringify({
      organizationId: b.organization.id,
      principal: "api_key",
      scopes: ["*"],
      subjectId: "x",
    });
    const response = await call("/v1/conversations", {
      token: a.apiKey.key,
      headers: { "x-frontdesk-identity": spoofed },
    });
    expect(await response.json()).toEqual({ data: [], nextCursor: null });
  });

  it("needs credentials before anything reaches the chat worker", async () => {
    expect((await call("/v1/conversations")).status).toBe(401);
  });
});

describe("the gateway's prefix table and the domain workers' own routes", () => {
  it("every documented route of a worker is under one of its prefixes, and every prefix serves one", async () => {
    for (const worker of domainWorkers) {
      const document = await (await domainService(env, worker).fetch(`https://${worker}.internal/openapi.json`)).json<{
        paths: Record<string, unknown>;
      }>();
      const paths = Object.keys(document.paths).filter((path) => !underPrefix(path, visitorPrefix));
      const prefixes: readonly string[] = routePrefixes[worker];
      expect(
        paths.filter((path) => !prefixes.some((prefix) => underPrefix(path, prefix))),
        `${worker} routes the gateway does not forward`,
      ).toEqual([]);
      expect(
        prefixes.filter((prefix) => !paths.some((path) => underPrefix(path, prefix))),
        `${worker} prefixes with no route`,
      ).toEqual([]);
    }
  });
});
