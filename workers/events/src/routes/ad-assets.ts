import { schema } from "@frontdesk/db";
import { adAssetStatuses, adAssetTypes } from "@frontdesk/db/schema";
import { configApp, configRoutes, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { eq } from "drizzle-orm";
import type { EventsEnv } from "../env.ts";

const platformId = z.string().trim().min(1).max(200);

const adAssetSchema = z
  .object({
    id: z.uuid(),
    assetType: z.enum(adAssetTypes),
    title: z.string(),
    content: z.string().nullable(),
    platform: z.string().nullable(),
    status: z.enum(adAssetStatuses),
    platformAdId: z.string().nullable(),
    platformCampaignId: z.string().nullable(),
    utmCampaign: z.string().nullable(),
    utmContent: z.string().nullable(),
    extraData: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AdAsset");

const fields = {
  assetType: z.enum(adAssetTypes),
  title: z.string().trim().min(1).max(300),
  content: z.string().max(10_000).nullable(),
  platform: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, "a lower-case platform name (meta, google, tiktok...)")
    .nullable(),
  status: z.enum(adAssetStatuses).openapi({
    description: "draft → active ⇄ paused; any → archived (final). A new asset is a draft or active.",
  }),
  platformAdId: platformId
    .nullable()
    .openapi({ description: "The ad's id on its platform: a Click-to-WhatsApp referral's source_id matches it." }),
  platformCampaignId: platformId.nullable(),
  utmCampaign: platformId
    .nullable()
    .openapi({ description: "The utm_campaign its links carry; a web chat opened from one is attributed to it." }),
  utmContent: platformId.nullable().openapi({ description: "Narrows utm_campaign to this utm_content." }),
  extraData: z.record(z.string(), z.unknown()).refine((data) => JSON.stringify(data).length <= 20_000, "at most 20 KB"),
};

type AdAssetRow = typeof schema.adAssets.$inferSelect;

/**
 * Ad and video assets (`/v1/ad-assets`, seed 002) with their platform ids and a status workflow.
 * Conversations started from them (WhatsApp referrals, the widget's utm_* parameters) are
 * attributed to them; `/v1/analytics/ads` reports what each brought.
 */
export const adAssets = configRoutes(configApp<EventsEnv>(), {
  table: schema.adAssets,
  label: "ad asset",
  resource: "ad_asset",
  key: "adAsset",
  view: adAssetSchema,
  toView: (row: AdAssetRow) => ({
    id: row.id,
    assetType: row.assetType,
    title: row.title,
    content: row.content,
    platform: row.platform,
    status: row.status,
    platformAdId: row.platformAdId,
    platformCampaignId: row.platformCampaignId,
    utmCampaign: row.utmCampaign,
    utmContent: row.utmContent,
    extraData: row.extraData,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z
    .object({ ...fields, status: z.enum(["draft", "active"]) })
    .partial({
      content: true,
      platform: true,
      status: true,
      platformAdId: true,
      platformCampaignId: true,
      utmCampaign: true,
      utmContent: true,
      extraData: true,
    })
    .strict(),
  updateBody: z.object(fields).partial().strict(),
  listQuery: z.object({ status: z.enum(adAssetStatuses).optional() }),
  listFilter: (t, query) => {
    const status = z.enum(adAssetStatuses).safeParse(query.status);
    return status.success ? eq(t.status, status.data) : undefined;
  },
  refusal: (code) => {
    // The workflow is a trigger (migration 0014): two racing changes cannot both pass it.
    if (code === "FD409") {
      return new ProblemError(
        "invalid-transition",
        "An ad asset moves draft → active ⇄ paused, and from any status to archived; archived is final.",
      );
    }
    if (code === "23505")
      return new ProblemError(
        "conflict",
        "Another ad asset of this organization has this platform and platform ad id.",
      );
    return undefined;
  },
});
