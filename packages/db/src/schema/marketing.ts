import { check, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

export const adAssetStatuses = ["draft", "active", "paused", "archived"] as const;

/** Ad copy and video assets. Seed: 002 ad_assets. */
export const adAssets = pgTable(
  "ad_assets",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    assetType: text("asset_type").notNull(),
    title: text("title").notNull(),
    content: text("content"),
    platform: text("platform"),
    status: text("status", { enum: adAssetStatuses }).notNull().default("draft"),
    extraData: jsonb("extra_data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("ad_assets_status_check", oneOf(t.status, adAssetStatuses)),
    index("ad_assets_organization_id_status_idx").on(t.organizationId, t.status),
  ],
);
