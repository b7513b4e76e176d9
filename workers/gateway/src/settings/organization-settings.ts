import { createDb, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import { z } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import { originSchema } from "../cors/cors.ts";
import type { GatewayEnv } from "../env.ts";
import { defaultLimits, type PolicyName } from "../rate-limit/policies.ts";
import type { Limit } from "../rate-limit/rate-limiter.ts";

const limitValue = z
  .object({ limit: z.number().int().min(1).max(1_000_000), windowSeconds: z.number().int().min(1).max(86_400) })
  .strict();

/**
 * Settings the gateway itself acts on. A value written to one of these categories is validated
 * against its schema (an unknown key in them is refused); other categories are free-form.
 */
const gatewaySettings = {
  rate_limits: { api_key: limitValue, organization: limitValue },
  cors: { allowed_origins: z.array(originSchema).max(50) },
} satisfies Record<string, Record<string, z.ZodType>>;

type GatewayCategory = keyof typeof gatewaySettings;
const isGatewayCategory = (category: string): category is GatewayCategory => category in gatewaySettings;

/** Refuses a malformed value for a setting the gateway enforces; returns the value as it will be stored. */
export function validateSetting(category: string, key: string, value: unknown): unknown {
  if (!isGatewayCategory(category)) return value;
  const keys: Record<string, z.ZodType> = gatewaySettings[category];
  const valueSchema = keys[key];
  if (!valueSchema) {
    throw new ProblemError(
      "validation-failed",
      `${category}/${key} is not a setting; ${category} has ${Object.keys(keys).join(", ")}.`,
    );
  }
  const parsed = valueSchema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map(
      (issue) => `value${issue.path.map((p) => `.${String(p)}`).join("")}: ${issue.message}`,
    );
    throw new ProblemError("validation-failed", `${category}/${key}: ${detail.join("; ")}`);
  }
  return parsed.data;
}

export interface OrganizationSettings {
  limits: Partial<Record<PolicyName, Limit>>;
  /** Browser origins allowed to call the API with this organization's credentials. */
  allowedOrigins: string[];
}

const ttlMs = 60_000;
const cache = new Map<string, { loadedAt: number; settings: OrganizationSettings }>();

/** What the gateway enforces for an organization, cached per isolate for a minute. */
export async function organizationSettings(env: GatewayEnv, organizationId: string): Promise<OrganizationSettings> {
  const cached = cache.get(organizationId);
  if (cached && Date.now() - cached.loadedAt < ttlMs) return cached.settings;
  const t = schema.settings;
  const rows = await createDb(env)
    .select({ category: t.category, key: t.key, value: t.value })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), inArray(t.category, Object.keys(gatewaySettings))));
  const settings: OrganizationSettings = { limits: {}, allowedOrigins: [] };
  for (const row of rows) {
    if (row.category === "rate_limits" && row.key in defaultLimits) {
      const limit = limitValue.safeParse(row.value);
      if (limit.success) settings.limits[row.key as PolicyName] = { name: row.key, ...limit.data };
    }
    if (row.category === "cors" && row.key === "allowed_origins") {
      const origins = gatewaySettings.cors.allowed_origins.safeParse(row.value);
      if (origins.success) settings.allowedOrigins = origins.data;
    }
  }
  cache.set(organizationId, { loadedAt: Date.now(), settings });
  return settings;
}

/** After a write, so that this isolate applies the new value at once (others within the TTL). */
export function forgetOrganizationSettings(organizationId: string, category: string): void {
  if (isGatewayCategory(category)) cache.delete(organizationId);
}
