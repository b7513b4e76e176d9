import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, organizationId, updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

export const adAssetStatuses = ["draft", "active", "paused", "archived"] as const;
export const adAssetTypes = ["ad", "video", "image", "carousel", "post"] as const;

/** Ad copy and video assets. Seed: 002 ad_assets. */
export const adAssets = pgTable(
  "ad_assets",
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id, { onDelete: "cascade" }),
    assetType: text("asset_type", { enum: adAssetTypes }).notNull(),
    title: text("title").notNull(),
    content: text("content"),
    platform: text("platform"),
    status: text("status", { enum: adAssetStatuses }).notNull().default("draft"),
    extraData: jsonb("extra_data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The ad's id on its platform: a WhatsApp Click-to-WhatsApp referral's `source_id`. */
    platformAdId: text("platform_ad_id"),
    platformCampaignId: text("platform_campaign_id"),
    /** The `utm_campaign` (and optionally `utm_content`) its links carry to the web widget. */
    utmCampaign: text("utm_campaign"),
    utmContent: text("utm_content"),
  },
  (t) => [
    unique("ad_assets_organization_id_id_key").on(t.organizationId, t.id),
    check("ad_assets_status_check", oneOf(t.status, adAssetStatuses)),
    check("ad_assets_asset_type_check", oneOf(t.assetType, adAssetTypes)),
    index("ad_assets_organization_id_status_idx").on(t.organizationId, t.status),
    uniqueIndex("ad_assets_platform_ad_id_key")
      .on(t.organizationId, t.platform, t.platformAdId)
      .where(sql`${t.platformAdId} is not null`),
    index("ad_assets_utm_idx").on(t.organizationId, t.utmCampaign).where(sql`${t.utmCampaign} is not null`),
  ],
);
