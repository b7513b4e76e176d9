import { createDb, schema } from "@frontdesk/db";
import { createApi, notFoundResponse, ProblemError, problemResponses } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { organizationOf, requireScope } from "../auth/authenticate.ts";
import { forgetOrganizationSettings, validateSetting } from "../settings/organization-settings.ts";

const settingSchema = z
  .object({ category: z.string(), key: z.string(), value: z.unknown(), updatedAt: z.string() })
  .openapi("Setting");

/** Any JSON value (spelled out, because the OpenAPI generator cannot describe a recursive schema). */
const jsonValue = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .openapi({ description: "Any JSON value" });

const name = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
const path = z.object({
  category: name.openapi({ param: { name: "category", in: "path" } }),
  key: name.openapi({ param: { name: "key", in: "path" } }),
});
const security = [{ bearer: [] }];

const toSetting = (row: typeof schema.settings.$inferSelect) => ({
  category: row.category,
  key: row.key,
  value: row.value,
  updatedAt: row.updatedAt.toISOString(),
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "All settings of the organization, by category and key",
  security,
  middleware: [requireScope("config:read")] as const,
  request: { query: z.object({ category: name.optional() }).strict() },
  responses: {
    200: {
      description: "Settings",
      content: { "application/json": { schema: z.object({ data: z.array(settingSchema) }) } },
    },
    ...problemResponses,
  },
});
const put = createRoute({
  method: "put",
  path: "/{category}/{key}",
  summary: "Set one setting (created or replaced)",
  security,
  middleware: [requireScope("config:write")] as const,
  request: {
    params: path,
    body: { content: { "application/json": { schema: z.object({ value: jsonValue }).strict() } }, required: true },
  },
  responses: {
    200: {
      description: "The setting",
      content: { "application/json": { schema: z.object({ setting: settingSchema }) } },
    },
    ...problemResponses,
  },
});
const remove = createRoute({
  method: "delete",
  path: "/{category}/{key}",
  summary: "Remove one setting (its default applies again)",
  security,
  middleware: [requireScope("config:write")] as const,
  request: { params: path },
  responses: { 204: { description: "Removed" }, 404: notFoundResponse, ...problemResponses },
});

export const settings = createApi<GatewayApp>()
  .openapi(list, async (c) => {
    const { category } = c.req.valid("query");
    const t = schema.settings;
    const rows = await createDb(c.env)
      .select()
      .from(t)
      .where(
        and(eq(t.organizationId, organizationOf(c.var.principal)), category ? eq(t.category, category) : undefined),
      )
      .orderBy(asc(t.category), asc(t.key));
    return c.json({ data: rows.map(toSetting) }, 200);
  })
  .openapi(put, async (c) => {
    const { category, key } = c.req.valid("param");
    const value = validateSetting(c.env, category, key, c.req.valid("json").value);
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const t = schema.settings;
    const [[row]] = await db.batch([
      db
        .insert(t)
        .values({ organizationId, category, key, value })
        .onConflictDoUpdate({ target: [t.organizationId, t.category, t.key], set: { value } })
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "put",
        resource: "setting",
        resourceId: `${category}/${key}`,
        details: { value },
      }),
    ]);
    if (!row) throw new Error("upsert returned no row");
    forgetOrganizationSettings(organizationId, category);
    return c.json({ setting: toSetting(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { category, key } = c.req.valid("param");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const t = schema.settings;
    const where = and(eq(t.organizationId, organizationId), eq(t.category, category), eq(t.key, key));
    const [existing] = await db.select({ id: t.id }).from(t).where(where);
    if (!existing) throw new ProblemError("not-found", `No setting ${category}/${key}.`);
    await db.batch([
      db.delete(t).where(where),
      auditEntry(db, c, { organizationId, action: "delete", resource: "setting", resourceId: `${category}/${key}` }),
    ]);
    forgetOrganizationSettings(organizationId, category);
    return c.body(null, 204);
  });
