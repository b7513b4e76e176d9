import { createDb, schema } from "@frontdesk/db";
import { channelTypes } from "@frontdesk/db/schema";
import {
  assertOwned,
  createApi,
  encryptCredentials,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
} from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { organizationOf, requireScope } from "../auth/authenticate.ts";
import { generatePublishableKey } from "../auth/keys.ts";
import { originSchema } from "../cors/cors.ts";
import { forgetPublishableKey } from "../public/resolve-channel.ts";

const channelSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(channelTypes),
    name: z.string(),
    provider: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    hasCredentials: z.boolean().openapi({ description: "Credentials are stored encrypted and never returned." }),
    webhookUrl: z.string().nullable(),
    isActive: z.boolean(),
    publishableKey: z
      .string()
      .nullable()
      .openapi({ description: "Web channels: the key the chat widget uses (public, not a secret)." }),
    allowedOrigins: z
      .array(z.string())
      .openapi({ description: "Web origins allowed to call the public API with the publishable key." }),
    createdAt: z.string(),
  })
  .openapi("Channel");

const credentials = z
  .record(z.string().max(100), z.string().max(4096))
  .openapi({ description: "Provider secrets (tokens, app secrets)." });

const createBody = z
  .object({
    type: z.enum(channelTypes),
    name: z.string().trim().min(1).max(100),
    provider: z.string().max(100).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    credentials: credentials.optional(),
    webhookUrl: z.url().optional(),
    isActive: z.boolean().default(true),
    allowedOrigins: z.array(originSchema).max(20).default([]),
  })
  .strict();

// Spelled out rather than derived from createBody: its defaults must not reset fields a PATCH omits.
const updateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    provider: z.string().max(100),
    config: z.record(z.string(), z.unknown()),
    credentials,
    webhookUrl: z.url(),
    isActive: z.boolean(),
    allowedOrigins: z.array(originSchema).max(20),
  })
  .partial()
  .strict();

type ChannelRow = typeof schema.channels.$inferSelect;

function toChannel(row: ChannelRow): z.infer<typeof channelSchema> {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    provider: row.provider,
    config: row.config,
    hasCredentials: row.credentialsCiphertext !== null,
    webhookUrl: row.webhookUrl,
    isActive: row.isActive,
    publishableKey: row.publishableKey,
    allowedOrigins: row.allowedOrigins,
    createdAt: row.createdAt.toISOString(),
  };
}

const one = { content: { "application/json": { schema: z.object({ channel: channelSchema }) } } };
const security = [{ bearer: [] }];

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List channels",
  security,
  middleware: [requireScope("config:read")] as const,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of channels", content: { "application/json": { schema: pageSchema(channelSchema) } } },
    ...problemResponses,
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One channel",
  security,
  middleware: [requireScope("config:read")] as const,
  request: { params: idParam },
  responses: { 200: { description: "The channel", ...one }, 404: notFoundResponse, ...problemResponses },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a channel (credentials are encrypted with AES-GCM and never returned)",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { body: { content: { "application/json": { schema: createBody } }, required: true } },
  responses: { 201: { description: "The channel", ...one }, ...problemResponses },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a channel",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { params: idParam, body: { content: { "application/json": { schema: updateBody } }, required: true } },
  responses: { 200: { description: "The channel", ...one }, 404: notFoundResponse, ...problemResponses },
});
const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a channel",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, 404: notFoundResponse, ...problemResponses },
});

const notFound = () => new ProblemError("not-found", "No such channel in this organization.");

export const channels = createApi<GatewayApp>()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const t = schema.channels;
    const result = await newestFirstPage(createDb(c.env), t, organizationOf(c.var.principal), { limit: limit, cursor });
    return c.json({ data: result.data.map(toChannel), nextCursor: result.nextCursor }, 200);
  })
  .openapi(get, async (c) => {
    const t = schema.channels;
    const [row] = await createDb(c.env)
      .select()
      .from(t)
      .where(and(eq(t.id, c.req.valid("param").id), eq(t.organizationId, organizationOf(c.var.principal))));
    if (!row) throw notFound();
    return c.json({ channel: toChannel(row) }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    const id = crypto.randomUUID();
    const sealed = body.credentials
      ? await encryptCredentials(body.credentials, c.env.FRONTDESK_ENCRYPTION_KEY, `${organizationId}:${id}`)
      : null;
    const db = createDb(c.env);
    const [[row]] = await db.batch([
      db
        .insert(schema.channels)
        .values({
          id,
          organizationId,
          type: body.type,
          name: body.name,
          provider: body.provider ?? null,
          config: body.config,
          credentialsCiphertext: sealed,
          webhookUrl: body.webhookUrl ?? null,
          isActive: body.isActive,
          allowedOrigins: body.allowedOrigins,
          publishableKey: body.type === "web" ? generatePublishableKey() : null,
        })
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "create",
        resource: "channel",
        resourceId: id,
        details: { type: body.type },
      }),
    ]);
    if (!row) throw new Error("insert returned no row");
    return c.json({ channel: toChannel(row) }, 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    const t = schema.channels;
    const db = createDb(c.env);
    await assertOwned(db, t, id, organizationId, "channel");
    const { credentials: newCredentials, ...fields } = body;
    const sealed = newCredentials
      ? await encryptCredentials(newCredentials, c.env.FRONTDESK_ENCRYPTION_KEY, `${organizationId}:${id}`)
      : undefined;
    const [[row]] = await db.batch([
      db
        .update(t)
        .set({ ...fields, ...(sealed ? { credentialsCiphertext: sealed } : {}) })
        .where(ownedBy(t, id, organizationId))
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "update",
        resource: "channel",
        resourceId: id,
        details: { fields: Object.keys(body) },
      }),
    ]);
    if (!row) throw notFound();
    if (row.publishableKey) forgetPublishableKey(row.publishableKey);
    return c.json({ channel: toChannel(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const organizationId = organizationOf(c.var.principal);
    const t = schema.channels;
    const db = createDb(c.env);
    await assertOwned(db, t, id, organizationId, "channel");
    await db.batch([
      db.delete(t).where(ownedBy(t, id, organizationId)),
      auditEntry(db, c, { organizationId, action: "delete", resource: "channel", resourceId: id }),
    ]);
    return c.body(null, 204);
  });
