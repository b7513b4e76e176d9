import * as z from "@frontdesk/http/zod";
import { scopes } from "../auth/principal.ts";

export const organizationSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    subscriptionTier: z.string(),
    /** The business's profile (seed 000): what the assistant tells customers who ask how to reach it. */
    description: z.string().nullable(),
    address: z.string().nullable(),
    phoneNumber: z.string().nullable(),
    website: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Organization");

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The public start of the key; the secret is never shown again." }),
    scopes: z.array(z.string()),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ApiKey");

export const createdKeySchema = apiKeySchema.extend({
  key: z.string().openapi({ description: "The whole key. Shown once: store it now." }),
});

export const scopeSchema = z.enum(scopes);

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toApiKey(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}): z.infer<typeof apiKeySchema> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toOrganization(row: {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  subscriptionTier: string;
  description: string | null;
  address: string | null;
  phoneNumber: string | null;
  website: string | null;
  createdAt: Date;
}): z.infer<typeof organizationSchema> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    subscriptionTier: row.subscriptionTier,
    description: row.description,
    address: row.address,
    phoneNumber: row.phoneNumber,
    website: row.website,
    createdAt: row.createdAt.toISOString(),
  };
}
