import { createDb, schema } from "@frontdesk/db";
import { ProblemError } from "@frontdesk/http";
import type { Limit } from "@frontdesk/http/rate-limiter";
import * as z from "@frontdesk/http/zod";
import { and, eq, inArray } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { originSchema } from "../cors/cors.ts";
import type { GatewayEnv } from "../env.ts";
import {
  ceilingPerMinute,
  type OrganizationPolicy,
  organizationPolicies,
  ratePerMinute,
} from "../rate-limit/policies.ts";

const limitValue = z
  .object({ limit: z.number().int().min(1).max(1_000_000), windowSeconds: z.number().int().min(1).max(86_400) })
  .strict();

const days = z.number().int().min(1).max(3_650);

/**
 * Settings with a known shape: the gateway's own (rate limits, CORS) and the ones the workers act on
 * for customers and data retention. A value written to one of these categories is validated against
 * its schema (an unknown key in them is refused); other categories are free-form.
 */
const gatewaySettings = {
  rate_limits: { api_key: limitValue, organization: limitValue, public: limitValue },
  cors: { allowed_origins: z.array(originSchema).max(50) },
  customers: {
    auto_merge_confidence: z.number().min(0).max(1),
    // The region national phone numbers are read in (ISO 3166-1 alpha-2, "GB").
    phone_region: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code, such as GB"),
  },
  data: { message_retention_days: days, event_retention_days: days },
} satisfies Record<string, Record<string, z.ZodType>>;

type GatewayCategory = keyof typeof gatewaySettings;
// Own keys only: `constructor` or `__proto__` are ordinary (free-form) names, not members of Object.prototype.
const isGatewayCategory = (category: string): category is GatewayCategory => Object.hasOwn(gatewaySettings, category);

/** Refuses a malformed value for a setting the gateway enforces; returns the value as it will be stored. */
export function validateSetting(env: GatewayEnv, category: string, key: string, value: unknown): unknown {
  if (!isGatewayCategory(category)) return value;
  const keys: Record<string, z.ZodType> = gatewaySettings[category];
  const valueSchema = Object.hasOwn(keys, key) ? keys[key] : undefined;
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
  if (category === "rate_limits" && isOrganizationPolicy(key)) {
    const ceiling = ceilingPerMinute(env, key);
    if (ratePerMinute(limitValue.parse(parsed.data)) > ceiling)
      throw new ProblemError(
        "validation-failed",
        `rate_limits/${key}: the platform allows at most ${ceiling} per minute.`,
        {
          errors: [{ path: "value.limit", message: `at most ${ceiling} per minute` }],
        },
      );
  }
  return parsed.data;
}

const isOrganizationPolicy = (key: string): key is OrganizationPolicy =>
  (organizationPolicies as readonly string[]).includes(key);

/** A stored limit, held under the platform ceiling even if it was written before the ceiling was lowered. */
function withinCeiling(env: GatewayEnv, policy: OrganizationPolicy, limit: z.infer<typeof limitValue>): Limit {
  const ceiling = ceilingPerMinute(env, policy);
  const capped =
    ratePerMinute(limit) > ceiling ? Math.max(1, Math.floor((ceiling * limit.windowSeconds) / 60)) : limit.limit;
  return { name: policy, windowSeconds: limit.windowSeconds, limit: capped };
}

export interface OrganizationSettings {
  limits: Partial<Record<OrganizationPolicy, Limit>>;
  /** Browser origins allowed to call the API with this organization's credentials. */
  allowedOrigins: string[];
}

const cache = new LRUCache<string, OrganizationSettings>({ max: 10_000, ttl: 60_000 });

/** What the gateway enforces for an organization, cached per isolate for a minute. */
export async function organizationSettings(env: GatewayEnv, organizationId: string): Promise<OrganizationSettings> {
  const cached = cache.get(organizationId);
  if (cached) return cached;
  const t = schema.settings;
  const rows = await createDb(env)
    .select({ category: t.category, key: t.key, value: t.value })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), inArray(t.category, Object.keys(gatewaySettings))));
  const settings: OrganizationSettings = { limits: {}, allowedOrigins: [] };
  for (const row of rows) {
    if (row.category === "rate_limits" && isOrganizationPolicy(row.key)) {
      const limit = limitValue.safeParse(row.value);
      if (limit.success) settings.limits[row.key] = withinCeiling(env, row.key, limit.data);
    }
    if (row.category === "cors" && row.key === "allowed_origins") {
      const origins = gatewaySettings.cors.allowed_origins.safeParse(row.value);
      if (origins.success) settings.allowedOrigins = origins.data;
    }
  }
  cache.set(organizationId, settings);
  return settings;
}

/** After a write, so that this isolate applies the new value at once (others within the TTL). */
export function forgetOrganizationSettings(organizationId: string, category: string): void {
  if (isGatewayCategory(category)) cache.delete(organizationId);
}
