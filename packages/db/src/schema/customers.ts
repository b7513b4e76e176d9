import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, lower, oneOf, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { adAssets } from "./marketing.ts";
import { organizations, projects } from "./tenancy.ts";

export const channelTypes = ["web", "whatsapp", "sms", "telegram", "email", "api"] as const;
export const customerStatuses = ["active", "blocked", "archived", "erased"] as const;
export const customerMergeKinds = ["automatic", "manual"] as const;
export const customerMergeStatuses = ["applied", "undone", "confirmed"] as const;
export const mergeSuggestionStatuses = ["pending", "accepted", "dismissed"] as const;
export const mergeMatches = ["email", "phone", "external_id", "identity"] as const;
export const memoryKinds = ["short_term", "long_term", "channel_context"] as const;

/** Where customers write from. Credentials are AES-GCM ciphertext, never plaintext. Seeds: 003/004 channels, 002 channel_integrations. */
export const channels = pgTable(
  "channels",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    type: text("type", { enum: channelTypes }).notNull(),
    name: text("name").notNull(),
    provider: text("provider"),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    credentialsCiphertext: text("credentials_ciphertext"),
    webhookUrl: text("webhook_url"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** For web chat widgets: embedded in pages, so an identifier rather than a secret. */
    publishableKey: text("publishable_key"),
    allowedOrigins: text("allowed_origins").array().notNull().default(sql`'{}'`),
    /** The project (assistant) whose conversations this channel's are. */
    projectId: uuid("project_id"),
    /** Email channels: when the organization proved it controls `config.address` (reset when it changes). */
    addressVerifiedAt: timestamptz("address_verified_at"),
  },
  (t) => [
    unique("channels_organization_id_id_key").on(t.organizationId, t.id),
    foreignKey({
      name: "channels_project_fkey",
      columns: [t.organizationId, t.projectId],
      foreignColumns: [projects.organizationId, projects.id],
    }),
    index("channels_project_id_idx").on(t.projectId).where(sql`${t.projectId} is not null`),
    uniqueIndex("channels_publishable_key_key").on(t.publishableKey).where(sql`${t.publishableKey} is not null`),
    check("channels_type_check", oneOf(t.type, channelTypes)),
    index("channels_organization_id_type_idx").on(t.organizationId, t.type),
    // An inbound email address routes to exactly one channel: the one that proved it.
    uniqueIndex("channels_verified_email_address_key")
      .on(sql`lower(${t.config} ->> 'address')`)
      .where(sql`${t.type} = 'email' and ${t.addressVerifiedAt} is not null`),
  ],
);

export const addressVerificationMethods = ["email_code", "dns_txt"] as const;

/**
 * What proves an email channel's claim on its address: the TXT value shown to the organization
 * and the hash of the code mailed to the address. Proven, the channel's `addressVerifiedAt` is set
 * and mail is routed to it; a new address resets it (trigger). Several organizations may claim one
 * address; only one can prove it.
 */
export const channelAddressVerifications = pgTable(
  "channel_address_verifications",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull(),
    /** Lower case. */
    address: text("address").notNull(),
    /** The TXT record's value at `_frontdesk.<domain>`: `frontdesk-verification=<token>`. */
    dnsToken: text("dns_token").notNull(),
    /** SHA-256 of the code mailed to the address, never the code. */
    codeHash: text("code_hash"),
    codeSentAt: timestamptz("code_sent_at"),
    verifiedAt: timestamptz("verified_at"),
    method: text("method", { enum: addressVerificationMethods }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "channel_address_verifications_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }).onDelete("cascade"),
    unique("channel_address_verifications_channel_address_key").on(t.channelId, t.address),
    check("channel_address_verifications_method_check", oneOf(t.method, addressVerificationMethods)),
    check("channel_address_verifications_address_check", sql`${t.address} = lower(${t.address})`),
  ],
);

/** The people who write in; merged duplicates point at the survivor. Seeds: 003/004 customers, 001 visitors. */
export const customers = pgTable(
  "customers",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    externalId: text("external_id"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    role: text("role"),
    context: text("context"),
    status: text("status", { enum: customerStatuses }).notNull().default("active"),
    preferences: jsonb("preferences").$type<Record<string, unknown>>().notNull().default({}),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    primaryChannelId: uuid("primary_channel_id"),
    isMerged: boolean("is_merged").notNull().default(false),
    mergedIntoCustomerId: uuid("merged_into_customer_id"),
    lastInteractionAt: timestamptz("last_interaction_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The phone's digits: "+44 (0)7700 900123" and "447700900123" search alike. */
    phoneDigits: text("phone_digits").generatedAlwaysAs(sql`nullif(regexp_replace(phone, '\D', '', 'g'), '')`),
    /** What `?q=` searches by substring (trigram index): names, email, company, external id. */
    searchText: text("search_text").generatedAlwaysAs(
      sql`lower(coalesce(name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(external_id, ''))`,
    ),
    /** The ad that first brought the customer (first touch), and when. */
    adAssetId: uuid("ad_asset_id"),
    attributedAt: timestamptz("attributed_at"),
  },
  (t) => [
    foreignKey({
      name: "customers_ad_asset_fkey",
      columns: [t.organizationId, t.adAssetId],
      foreignColumns: [adAssets.organizationId, adAssets.id],
    }),
    index("customers_ad_asset_id_idx").on(t.organizationId, t.adAssetId).where(sql`${t.adAssetId} is not null`),
    unique("customers_organization_id_id_key").on(t.organizationId, t.id),
    index("customers_search_text_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("customers_phone_digits_trgm_idx").using("gin", sql`${t.phoneDigits} gin_trgm_ops`),
    index("customers_organization_id_created_at_idx").on(
      t.organizationId,
      sql`date_trunc('milliseconds', ${t.createdAt} at time zone 'UTC') desc`,
      t.id.desc(),
    ),
    foreignKey({
      name: "customers_primary_channel_fkey",
      columns: [t.organizationId, t.primaryChannelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    foreignKey({
      name: "customers_merged_into_fkey",
      columns: [t.organizationId, t.mergedIntoCustomerId],
      foreignColumns: [t.organizationId, t.id] as [AnyPgColumn, AnyPgColumn],
    }),
    check("customers_status_check", oneOf(t.status, customerStatuses)),
    check("customers_merge_pointer_check", sql`${t.isMerged} = (${t.mergedIntoCustomerId} is not null)`),
    check("customers_not_merged_into_self_check", sql`${t.mergedIntoCustomerId} <> ${t.id}`),
    uniqueIndex("customers_organization_id_external_id_key")
      .on(t.organizationId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex("customers_organization_id_email_key")
      .on(t.organizationId, lower(t.email))
      .where(sql`${t.email} is not null and not ${t.isMerged}`),
    index("customers_organization_id_phone_idx").on(t.organizationId, t.phone).where(sql`${t.phone} is not null`),
    index("customers_merged_into_customer_id_idx").on(t.mergedIntoCustomerId).where(sql`${t.isMerged}`),
  ],
);

/** One customer, many channel identities (email, phone, chat ids). Seed: 004 customer_identity_mapping. */
export const customerIdentities = pgTable(
  "customer_identities",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    channelIdentifier: text("channel_identifier").notNull(),
    confidenceScore: numeric("confidence_score", { precision: 3, scale: 2 }).notNull().default("1.00"),
    verified: boolean("verified").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "customer_identities_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "customer_identities_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    unique("customer_identities_channel_id_channel_identifier_key").on(t.channelId, t.channelIdentifier),
    check("customer_identities_confidence_score_check", sql`${t.confidenceScore} between 0 and 1`),
    index("customer_identities_customer_id_idx").on(t.customerId),
  ],
);

/** Memory per customer: short- and long-term facts, and per-channel context. Seeds: 003 memory collection, 002 conversation_memory. */
export const customerMemories = pgTable(
  "customer_memories",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").notNull(),
    channelId: uuid("channel_id"),
    kind: text("kind", { enum: memoryKinds }).notNull(),
    key: text("key").notNull(),
    value: jsonb("value").notNull().default({}),
    importance: real("importance").notNull().default(0.5),
    lastIntent: text("last_intent"),
    messageCount: integer("message_count").notNull().default(0),
    lastAccessedAt: timestamptz("last_accessed_at"),
    expiresAt: timestamptz("expires_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "customer_memories_customer_fkey",
      columns: [t.organizationId, t.customerId],
      foreignColumns: [customers.organizationId, customers.id],
    }),
    foreignKey({
      name: "customer_memories_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }),
    check("customer_memories_kind_check", oneOf(t.kind, memoryKinds)),
    check("customer_memories_importance_check", sql`${t.importance} between 0 and 1`),
    check("customer_memories_message_count_check", sql`${t.messageCount} >= 0`),
    uniqueIndex("customer_memories_customer_kind_key_key").on(
      t.customerId,
      t.kind,
      t.key,
      sql`coalesce(${t.channelId}, '00000000-0000-0000-0000-000000000000')`,
    ),
    index("customer_memories_expires_at_idx").on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
  ],
);

/**
 * Every merge of two customers, automatic or by hand, with what it moved and both rows as they were,
 * so that it can be undone (`undo_customer_merge`) until someone confirms it.
 */
export const customerMerges = pgTable(
  "customer_merges",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    sourceCustomerId: uuid("source_customer_id").notNull(),
    targetCustomerId: uuid("target_customer_id").notNull(),
    kind: text("kind", { enum: customerMergeKinds }).notNull(),
    status: text("status", { enum: customerMergeStatuses }).notNull().default("applied"),
    reason: text("reason"),
    /** Table name → ids of the rows moved from the source to the target. */
    moved: jsonb("moved").$type<Record<string, string[]>>().notNull().default({}),
    sourceBefore: jsonb("source_before").$type<Record<string, unknown>>().notNull(),
    targetBefore: jsonb("target_before").$type<Record<string, unknown>>().notNull(),
    droppedMemories: jsonb("dropped_memories").$type<unknown[]>().notNull().default([]),
    actor: jsonb("actor").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    decidedAt: timestamptz("decided_at"),
  },
  (t) => [
    foreignKey({
      name: "customer_merges_source_fkey",
      columns: [t.organizationId, t.sourceCustomerId],
      foreignColumns: [customers.organizationId, customers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "customer_merges_target_fkey",
      columns: [t.organizationId, t.targetCustomerId],
      foreignColumns: [customers.organizationId, customers.id],
    }).onDelete("cascade"),
    check("customer_merges_kind_check", oneOf(t.kind, customerMergeKinds)),
    check("customer_merges_status_check", oneOf(t.status, customerMergeStatuses)),
    index("customer_merges_source_idx").on(t.organizationId, t.sourceCustomerId),
    index("customer_merges_target_idx").on(t.organizationId, t.targetCustomerId, t.createdAt.desc()),
  ],
);

/** A match too weak to merge by itself (an unverified email or phone): a person accepts or dismisses it. */
export const customerMergeSuggestions = pgTable(
  "customer_merge_suggestions",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    targetCustomerId: uuid("target_customer_id").notNull(),
    sourceCustomerId: uuid("source_customer_id").notNull(),
    matchedOn: text("matched_on", { enum: mergeMatches }).notNull(),
    confidence: numeric("confidence", { precision: 3, scale: 2 }).notNull(),
    status: text("status", { enum: mergeSuggestionStatuses }).notNull().default("pending"),
    mergeId: uuid("merge_id").references(() => customerMerges.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    decidedAt: timestamptz("decided_at"),
  },
  (t) => [
    foreignKey({
      name: "customer_merge_suggestions_target_fkey",
      columns: [t.organizationId, t.targetCustomerId],
      foreignColumns: [customers.organizationId, customers.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "customer_merge_suggestions_source_fkey",
      columns: [t.organizationId, t.sourceCustomerId],
      foreignColumns: [customers.organizationId, customers.id],
    }).onDelete("cascade"),
    check("customer_merge_suggestions_distinct_check", sql`${t.targetCustomerId} <> ${t.sourceCustomerId}`),
    check("customer_merge_suggestions_matched_on_check", oneOf(t.matchedOn, mergeMatches)),
    check("customer_merge_suggestions_confidence_check", sql`${t.confidence} between 0 and 1`),
    check("customer_merge_suggestions_status_check", oneOf(t.status, mergeSuggestionStatuses)),
    uniqueIndex("customer_merge_suggestions_pair_key").on(
      t.organizationId,
      sql`least(${t.targetCustomerId}, ${t.sourceCustomerId})`,
      sql`greatest(${t.targetCustomerId}, ${t.sourceCustomerId})`,
    ),
    index("customer_merge_suggestions_pending_idx")
      .on(t.organizationId, t.createdAt.desc())
      .where(sql`status = 'pending'`),
  ],
);

export const channelReceiptStates = ["queued", "processing", "done", "failed"] as const;
export const channelProviders = ["whatsapp", "twilio", "telegram", "standard", "email"] as const;
export const channelOutboxStatuses = ["pending", "sending", "sent", "failed"] as const;

/**
 * A provider delivery (message, status or update id) claimed by the channel worker: redeliveries,
 * even concurrent ones, find the claim and do nothing.
 */
export const channelReceipts = pgTable(
  "channel_receipts",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    state: text("state", { enum: channelReceiptStates }).notNull().default("queued"),
    claimedAt: timestamptz("claimed_at").notNull().defaultNow(),
    completedAt: timestamptz("completed_at"),
    /** Arrival order: one sender's messages are processed in it. */
    sequence: bigint("sequence", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    senderId: text("sender_id"),
    /** The message as the provider gave it (sender, content, where the reply goes), until processed. */
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    foreignKey({
      name: "channel_receipts_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }).onDelete("cascade"),
    unique("channel_receipts_channel_id_provider_event_id_key").on(t.channelId, t.providerEventId),
    check("channel_receipts_state_check", oneOf(t.state, channelReceiptStates)),
    index("channel_receipts_claimed_at_brin_idx").using("brin", t.claimedAt),
    index("channel_receipts_pending_idx")
      .on(t.channelId, t.senderId, t.sequence)
      .where(sql`state in ('queued', 'processing')`),
  ],
);

/** Replies waiting to go out through a provider, each sent as its own retried step (the outbox). */
export const channelOutbox = pgTable(
  "channel_outbox",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull(),
    messageId: uuid("message_id").notNull(),
    provider: text("provider", { enum: channelProviders }).notNull(),
    recipient: text("recipient").notNull(),
    content: text("content").notNull(),
    /** An email reply's subject and threading headers. */
    envelope: jsonb("envelope").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: channelOutboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    externalMessageId: text("external_message_id"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    foreignKey({
      name: "channel_outbox_channel_fkey",
      columns: [t.organizationId, t.channelId],
      foreignColumns: [channels.organizationId, channels.id],
    }).onDelete("cascade"),
    unique("channel_outbox_message_id_key").on(t.messageId),
    check("channel_outbox_status_check", oneOf(t.status, channelOutboxStatuses)),
    check("channel_outbox_provider_check", oneOf(t.provider, channelProviders)),
    index("channel_outbox_due_idx").on(t.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
  ],
);

/**
 * Visitor tokens issued before a revocation are refused: one visitor's (the business revoked them,
 * or the visitor logged out) or every token of a customer (erasure).
 */
export const visitorRevocations = pgTable(
  "visitor_revocations",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    visitorId: uuid("visitor_id"),
    customerId: uuid("customer_id"),
    revokedAt: timestamptz("revoked_at").notNull().defaultNow(),
  },
  (t) => [
    check("visitor_revocations_subject_check", sql`${t.visitorId} is not null or ${t.customerId} is not null`),
    index("visitor_revocations_visitor_idx").on(t.organizationId, t.visitorId).where(sql`${t.visitorId} is not null`),
    index("visitor_revocations_customer_idx")
      .on(t.organizationId, t.customerId)
      .where(sql`${t.customerId} is not null`),
  ],
);
