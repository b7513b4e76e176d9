import * as z from "@frontdesk/http/zod";

const value = z.string().trim().min(1).max(500);

/**
 * Where a customer came from, as their first message's channel tells it: a WhatsApp
 * Click-to-WhatsApp `referral` (source_id is the ad's id, ctwa_clid the click), or the web
 * widget's page (utm_* parameters and ad platforms' click ids). Stored on the conversation as
 * received; the ad asset it names is looked up by `source_id` or `utm_campaign`/`utm_content`.
 */
export const attribution = z
  .object({
    source_id: value,
    source_type: value,
    source_url: value,
    headline: value,
    ctwa_clid: value,
    utm_source: value,
    utm_medium: value,
    utm_campaign: value,
    utm_content: value,
    utm_term: value,
    gclid: value,
    fbclid: value,
    ttclid: value,
    msclkid: value,
  })
  .partial()
  .strict()
  .openapi("Attribution");

export type Attribution = z.infer<typeof attribution>;
