import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createDb, schema } from "@frontdesk/db";
import { identityHeader } from "@frontdesk/http";

/** A fresh organization, and a caller that reaches the events worker as the gateway would. */
export async function tenant(timezone = "UTC") {
  const db = createDb(env);
  const organizationId = crypto.randomUUID();
  await db
    .insert(schema.organizations)
    .values({ id: organizationId, name: "Rollup Co", slug: `ev-${organizationId.slice(0, 8)}`, timezone });
  const identity = JSON.stringify({
    organizationId,
    principal: "api_key",
    scopes: ["*"],
    subjectId: crypto.randomUUID(),
  });
  const call = (path: string, json?: unknown) =>
    exports.default.fetch(`https://events.internal${path}`, {
      method: json === undefined ? "GET" : "POST",
      headers: { [identityHeader]: identity, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  return { db, organizationId, call };
}
