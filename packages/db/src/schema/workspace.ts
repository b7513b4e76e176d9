import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, organizationId, timestamptz, updatedAt } from "./columns.ts";
import { conversations } from "./conversations.ts";
import { organizations, users } from "./tenancy.ts";

/** A signed-in browser (the agent workspace): the cookie's token is stored only as its SHA-256. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: timestamptz("last_seen_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    unique("staff_sessions_token_hash_key").on(t.tokenHash),
    foreignKey({
      name: "staff_sessions_user_fkey",
      columns: [t.organizationId, t.userId],
      foreignColumns: [users.organizationId, users.id],
    }).onDelete("cascade"),
    index("staff_sessions_user_idx").on(t.organizationId, t.userId),
  ],
);

/** Staff-only notes on a conversation: never a message, so no path to the customer reaches them. */
export const conversationNotes = pgTable(
  "conversation_notes",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull(),
    authorUserId: uuid("author_user_id"),
    authorName: text("author_name"),
    content: text("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "conversation_notes_conversation_fkey",
      columns: [t.organizationId, t.conversationId],
      foreignColumns: [conversations.organizationId, conversations.id],
    }).onDelete("cascade"),
    check("conversation_notes_content_check", sql`length(${t.content}) between 1 and 4000`),
    index("conversation_notes_conversation_idx").on(t.organizationId, t.conversationId, t.createdAt),
  ],
);

/** An organization's saved replies, inserted in the inbox with "/" and the shortcut. */
export const cannedResponses = pgTable(
  "canned_responses",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("canned_responses_shortcut_check", sql`${t.shortcut} ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`),
    unique("canned_responses_organization_id_shortcut_key").on(t.organizationId, t.shortcut),
  ],
);
