import { createDb, schema } from "@frontdesk/db";
import {
  createApi,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { forgetKey, organizationOf, requireScope } from "../auth/authenticate.ts";
import { generateApiKey } from "../auth/keys.ts";
import { scopesNotHeld } from "../auth/principal.ts";
import { apiKeySchema, createdKeySchema, scopeSchema, toApiKey } from "./schemas.ts";

const createKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(scopeSchema).min(1).max(20),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: "When the key stops working." }),
  })
  .strict();

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the organization's API keys (newest first)",
  security: [{ bearer: [] }],
  middleware: [requireScope("api_keys:read")] as const,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of keys", content: { "application/json": { schema: pageSchema(apiKeySchema) } } },
    ...problemResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create an API key; the key is returned once",
  security: [{ bearer: [] }],
  middleware: [requireScope("api_keys:write")] as const,
  request: { body: { content: { "application/json": { schema: createKeyBody } }, required: true } },
  responses: {
    201: {
      description: "The new key",
      content: { "application/json": { schema: z.object({ apiKey: createdKeySchema }) } },
    },
    ...problemResponses,
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke an API key (it stops working at once)",
  security: [{ bearer: [] }],
  middleware: [requireScope("api_keys:write")] as const,
  request: { params: idParam },
  responses: { 204: { description: "Revoked" }, 404: notFoundResponse, ...problemResponses },
});

export const apiKeys = createApi<GatewayApp>()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const organizationId = organizationOf(c.var.principal);
    const keys = schema.apiKeys;
    const result = await newestFirstPage(createDb(c.env), keys, organizationId, { limit: limit, cursor });
    return c.json({ data: result.data.map(toApiKey), nextCursor: result.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    // A credential never mints one that can do more than itself (an admin minting `*` would be an owner).
    const beyond = scopesNotHeld(c.var.principal, body.scopes);
    if (beyond.length > 0)
      throw new ProblemError("forbidden", `You cannot grant scopes you do not hold: ${beyond.join(", ")}.`, {
        scopes: beyond,
      });
    const db = createDb(c.env);
    const key = await generateApiKey();
    const id = crypto.randomUUID();
    const [[row]] = await db.batch([
      db
        .insert(schema.apiKeys)
        .values({
          id,
          organizationId,
          name: body.name,
          prefix: key.prefix,
          keyHash: key.hash,
          scopes: body.scopes,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        })
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "create",
        resource: "api_key",
        resourceId: id,
        details: { scopes: body.scopes },
      }),
    ]);
    if (!row) throw new Error("insert returned no row");
    return c.json({ apiKey: { ...toApiKey(row), key: key.key } }, 201);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid("param");
    const organizationId = organizationOf(c.var.principal);
    const principal = c.var.principal;
    // One statement: the audit row exists exactly when a key was revoked, so a miss changes nothing.
    const result = await createDb(c.env).execute<{ prefix: string }>(sql`
      with revoked as (
        update api_keys set revoked_at = now()
        where id = ${id} and organization_id = ${organizationId} and revoked_at is null
        returning id, prefix
      )
      insert into audit_logs (organization_id, api_key_id, action, resource, resource_id, details, ip_address, user_agent)
      select ${organizationId}, ${principal.kind === "api_key" ? principal.apiKeyId : null}, 'revoke', 'api_key', revoked.id::text,
        jsonb_build_object('actor', ${principal.kind}::text, 'prefix', revoked.prefix),
        ${c.req.header("cf-connecting-ip") ?? null}, ${c.req.header("user-agent") ?? null}
      from revoked
      returning details->>'prefix' as prefix`);
    const [row] = result.rows;
    if (!row) throw new ProblemError("not-found", "No such active API key in this organization.");
    forgetKey(row.prefix);
    return c.body(null, 204);
  });
