import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agents } from "./agents.ts";
import { createdAt, id, lower, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";

export const subscriptionTiers = ["free", "starter", "pro", "enterprise"] as const;
export const subscriptionStatuses = ["active", "trialing", "past_due", "cancelled"] as const;
export const userRoles = ["owner", "admin", "agent"] as const;

/** The tenant. Seeds: 003 organizations, 000 businesses, 002 businesses. */
export const organizations = pgTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description"),
    ownerUserId: uuid("owner_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    address: text("address"),
    phoneNumber: text("phone_number"),
    website: text("website"),
    timezone: text("timezone").notNull().default("UTC"),
    subscriptionTier: text("subscription_tier", { enum: subscriptionTiers }).notNull().default("free"),
    subscriptionStatus: text("subscription_status", { enum: subscriptionStatuses }).notNull().default("active"),
    maxAgents: integer("max_agents").notNull().default(1),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("organizations_slug_key").on(t.slug),
    index("organizations_owner_user_id_idx").on(t.ownerUserId),
    check("organizations_slug_check", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check("organizations_subscription_tier_check", oneOf(t.subscriptionTier, subscriptionTiers)),
    check("organizations_subscription_status_check", oneOf(t.subscriptionStatus, subscriptionStatuses)),
    check("organizations_max_agents_check", sql`${t.maxAgents} >= 0`),
  ],
);

/** Staff accounts (owner, admin, agent). Seeds: 000/002/003/004 users. */
export const users = pgTable(
  "users",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    passwordHash: text("password_hash"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    fullName: text("full_name"),
    role: text("role", { enum: userRoles }).notNull().default("agent"),
    isActive: boolean("is_active").notNull().default(true),
    lastLoginAt: timestamptz("last_login_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** A password reset, role change or deactivation: bearer tokens issued before it are refused. */
    credentialsChangedAt: timestamptz("credentials_changed_at"),
  },
  (t) => [
    unique("users_organization_id_id_key").on(t.organizationId, t.id),
    uniqueIndex("users_email_key").on(lower(t.email)),
    index("users_organization_id_idx").on(t.organizationId),
    check("users_role_check", oneOf(t.role, userRoles)),
  ],
);

/**
 * Failed sign-ins per account (the email, lower case, whether or not a user has it): the back-off
 * before the next attempt, and the lock an owner lifts.
 */
export const loginThrottles = pgTable(
  "login_throttles",
  {
    email: text("email").primaryKey(),
    failures: integer("failures").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at"),
    lockedAt: timestamptz("locked_at"),
    lastFailureAt: timestamptz("last_failure_at").notNull().defaultNow(),
  },
  (t) => [check("login_throttles_email_check", sql`${t.email} = lower(${t.email})`)],
);

/** Organization API keys: a public prefix and a SHA-256 hash; the secret is shown once. Seeds: 003 api_keys, 000 businesses.api_key. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'`),
    createdByUserId: uuid("created_by_user_id"),
    expiresAt: timestamptz("expires_at"),
    revokedAt: timestamptz("revoked_at"),
    lastUsedAt: timestamptz("last_used_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("api_keys_prefix_key").on(t.prefix),
    unique("api_keys_key_hash_key").on(t.keyHash),
    foreignKey({
      name: "api_keys_created_by_fkey",
      columns: [t.organizationId, t.createdByUserId],
      foreignColumns: [users.organizationId, users.id],
    }),
    index("api_keys_organization_id_idx").on(t.organizationId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Per-organization configuration by category and key. Seed: 003 settings. */
export const settings = pgTable(
  "settings",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("settings_organization_id_category_key_key").on(t.organizationId, t.category, t.key)],
);

/** Every management write: who, what, from where. Seed: 003 audit logs collection. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id"),
    apiKeyId: uuid("api_key_id"),
    action: text("action").notNull(),
    resource: text("resource").notNull(),
    resourceId: text("resource_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    occurredAt: timestamptz("occurred_at").notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: "audit_logs_user_fkey",
      columns: [t.organizationId, t.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
    index("audit_logs_organization_id_occurred_at_idx").on(t.organizationId, t.occurredAt.desc()),
    index("audit_logs_resource_idx").on(t.organizationId, t.resource, t.resourceId),
  ],
);

/** Groups of conversations (several assistants or personas per organization). Seed: 001 projects. */
export const projects = pgTable(
  "projects",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** How the project's assistant presents itself and behaves (given to a model agent). */
    persona: text("persona"),
    /** The AI agent that answers in the project's stages that name none. */
    agentId: uuid("agent_id"),
    /** The knowledge categories the assistant answers from; empty: the whole knowledge base. */
    knowledgeCategories: text("knowledge_categories").array().notNull().default(sql`'{}'`),
  },
  (t) => [
    unique("projects_organization_id_id_key").on(t.organizationId, t.id),
    unique("projects_organization_id_name_key").on(t.organizationId, t.name),
    foreignKey({
      name: "projects_agent_fkey",
      columns: [t.organizationId, t.agentId],
      foreignColumns: [agents.organizationId, agents.id],
    }),
  ],
);
