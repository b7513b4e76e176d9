import type { MetadataJson, PhoneData, PhoneDataSource } from "@frontdesk/db";
import * as z from "@frontdesk/http/zod";
import { isolateAsset } from "../assets/isolate-asset.ts";

// The shape libphonenumber checks before it reads metadata, checked here once per isolate.
const metadataShape = z.object({
  version: z.number(),
  country_calling_codes: z.record(z.string(), z.array(z.string())),
  countries: z.record(z.string(), z.array(z.unknown())),
  nonGeographic: z.record(z.string(), z.array(z.unknown())),
});
export const phoneDataSchema = z.object({
  metadata: z.custom<MetadataJson>((value) => metadataShape.safeParse(value).success),
  timezoneCountries: z.record(z.string(), z.string()),
});

const isolatePhoneData = isolateAsset("phone-data.json", (json): PhoneData => phoneDataSchema.parse(json));

/** The phone data among the chat worker's static assets (written after install by scripts/build-phone-data.ts). */
export const assetPhoneData =
  (assets: Fetcher): PhoneDataSource =>
  () =>
    isolatePhoneData(assets);
