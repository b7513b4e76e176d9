import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import { conflictResponse, createApi, ProblemError, problemResponses } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { organizationOf, requireAdmin, requireScope } from "../auth/authenticate.ts";
import { generateApiKey } from "../auth/keys.ts";
import { createdKeySchema, organizationSchema, toApiKey, toOrganization } from "./schemas.ts";

const createOrganizationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/)
      .optional()
      .openapi({ description: "URL-safe identifier; derived from the name when omitted." }),
    timezone: z.string().min(1).max(64).default("UTC"),
  })
  .strict();

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${slug || "org"}-${crypto.randomUUID().slice(0, 6)}`;
}

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create an organization and its first owner API key (platform admin only)",
  security: [{ bearer: [] }],
  middleware: [requireAdmin()] as const,
  request: { body: { content: { "application/json": { schema: createOrganizationBody } }, required: true } },
  responses: {
    201: {
      description: "The organization and its owner key (the key is shown only here)",
      content: {
        "application/json": { schema: z.object({ organization: organizationSchema, apiKey: createdKeySchema }) },
      },
    },
    409: conflictResponse,
    ...problemResponses,
  },
});

const current = createRoute({
  method: "get",
  path: "/current",
  summary: "The organization of the calling API key",
  security: [{ bearer: [] }],
  middleware: [requireScope("organization:read")] as const,
  responses: {
    200: {
      description: "The organization",
      content: { "application/json": { schema: z.object({ organization: organizationSchema }) } },
    },
    ...problemResponses,
  },
});

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const profileBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable(),
    address: z.string().trim().max(500).nullable(),
    phoneNumber: z
      .string()
      .regex(/^\+?[0-9 ().-]{6,20}$/, "a phone number")
      .nullable(),
    website: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
    timezone: z.string().min(1).max(64).refine(isTimeZone, "an IANA time zone such as Europe/London"),
  })
  .partial()
  .strict();

const updateCurrent = createRoute({
  method: "patch",
  path: "/current",
  summary: "Edit the organization's profile (name, description, address, phone, website, time zone)",
  description:
    "The built-in assistant answers customers who ask how to reach the business from this profile when the knowledge base does not say.",
  security: [{ bearer: [] }],
  middleware: [requireScope("organization:write")] as const,
  request: { body: { required: true, content: { "application/json": { schema: profileBody } } } },
  responses: {
    200: {
      description: "The organization",
      content: { "application/json": { schema: z.object({ organization: organizationSchema }) } },
    },
    ...problemResponses,
  },
});

export const organizations = createApi<GatewayApp>()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const db = createDb(c.env);
    const slug = body.slug ?? slugify(body.name);
    const organizationId = crypto.randomUUID();
    const apiKeyId = crypto.randomUUID();
    const key = await generateApiKey();
    try {
      const [[organization], [apiKey]] = await db.batch([
        db
          .insert(schema.organizations)
          .values({ id: organizationId, name: body.name, slug, timezone: body.timezone })
          .returning(),
        db
          .insert(schema.apiKeys)
          .values({
            id: apiKeyId,
            organizationId,
            name: "Owner key",
            prefix: key.prefix,
            keyHash: key.hash,
            scopes: ["*"],
          })
          .returning(),
        auditEntry(db, c, {
          organizationId,
          action: "create",
          resource: "organization",
          resourceId: organizationId,
          details: { slug },
        }),
      ]);
      if (!organization || !apiKey) throw new Error("insert returned no row");
      return c.json({ organization: toOrganization(organization), apiKey: { ...toApiKey(apiKey), key: key.key } }, 201);
    } catch (error) {
      if (postgresErrorCode(error) === "23505") throw new ProblemError("conflict", `The slug "${slug}" is taken.`);
      throw error;
    }
  })
  .openapi(current, async (c) => {
    const db = createDb(c.env);
    const [organization] = await db
      .select()
      .from(schema.organizations)
      .where(eq(schema.organizations.id, organizationOf(c.var.principal)));
    if (!organization) throw new ProblemError("not-found", "This organization no longer exists.");
    return c.json({ organization: toOrganization(organization) }, 200);
  })
  .openapi(updateCurrent, async (c) => {
    const changes = c.req.valid("json");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const o = schema.organizations;
    const [[organization]] = await db.batch([
      db
        .update(o)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(o.id, organizationId))
        .returning(),
      auditEntry(db, c, {
        organizationId,
        action: "organization.updated",
        resource: "organization",
        resourceId: organizationId,
        details: { fields: Object.keys(changes) },
      }),
    ]);
    if (!organization) throw new ProblemError("not-found", "This organization no longer exists.");
    return c.json({ organization: toOrganization(organization) }, 200);
  });
