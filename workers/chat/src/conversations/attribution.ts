import type { Attribution } from "@frontdesk/contracts/attribution";
import { schema } from "@frontdesk/db";
import { type SQL, sql } from "drizzle-orm";

/**
 * The ad asset a conversation's attribution names, as a subquery (it runs inside the insert): a
 * Click-to-WhatsApp referral by the ad's platform id, a web visit by its utm_campaign (an asset
 * whose utm_content matches too comes first). Archived assets attribute nothing.
 */
export function adAssetFor(organizationId: string, attribution: Attribution | undefined): SQL | null {
  const a = schema.adAssets;
  const live = sql`${a.organizationId} = ${organizationId} and ${a.status} <> 'archived'`;
  if (attribution?.source_id) {
    return sql`(select ${a.id} from ${a} where ${live} and ${a.platformAdId} = ${attribution.source_id}
      order by ${a.createdAt} desc limit 1)`;
  }
  if (attribution?.utm_campaign) {
    const content = attribution.utm_content ?? null;
    return sql`(select ${a.id} from ${a} where ${live} and ${a.utmCampaign} = ${attribution.utm_campaign}
      and (${a.utmContent} is null or ${a.utmContent} = ${content})
      order by (${a.utmContent} is not null) desc, ${a.createdAt} desc limit 1)`;
  }
  return null;
}
