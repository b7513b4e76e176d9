import { sql } from "drizzle-orm";
import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from "libphonenumber-js/core";
import type { Database } from "../client.ts";

/**
 * What reading phone numbers takes: libphonenumber's `min` metadata (each country's lengths and
 * prefixes) and the country of each IANA time zone. The worker supplies it: tools and bookings
 * from the packages (`@frontdesk/db/phone-data`), chat from its static assets, so that its ~30 KiB
 * gzipped are not part of the chat script. A source is only called when a number is read.
 */
export interface PhoneData {
  metadata: MetadataJson;
  /** "Europe/London" → "GB": a zone's first country; zones of no country (Etc/UTC) are absent. */
  timezoneCountries: Readonly<Record<string, string>>;
}
export type PhoneDataSource = () => Promise<PhoneData>;
export type { CountryCode, MetadataJson };

/** Phone numbers compare as their digits: "+1 (555) 010-0200", "15550100200" and "whatsapp:+15550100200" are one. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, "");

const isCountry = (code: string, metadata: MetadataJson): code is CountryCode =>
  Object.hasOwn(metadata.countries, code);

const asCountry = (value: unknown, metadata: MetadataJson): CountryCode | undefined => {
  if (typeof value !== "string") return undefined;
  const code = value.toUpperCase();
  return isCountry(code, metadata) ? code : undefined;
};

/**
 * A number as people write it, in E.164 ("+447700900123"): international forms as they are,
 * national ones ("07700 900123") in the organization's region. Undefined when it cannot be a
 * number there (the caller keeps what was written). "Possible" (the right length for the country)
 * rather than "valid": ranges reserved for drama and tests (07700 900xxx) are real numbers to a
 * business's customers list, and the full metadata that knows every range would triple the size.
 */
export function toE164(raw: string, region: CountryCode | undefined, metadata: MetadataJson): string | undefined {
  const text = raw.replace(/^[a-z]+:/i, "").trim();
  const international = text.startsWith("00") ? `+${text.slice(2)}` : text;
  const parsed = region
    ? parsePhoneNumberFromString(international, region, metadata)
    : parsePhoneNumberFromString(international, metadata);
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** Regions per organization and isolate (bounded): the setting changes rarely, and a minute's delay is harmless. */
const regions = new Map<string, { region: CountryCode | undefined; until: number }>();
const regionMs = 60_000;

/**
 * The region a national number is read in, per organization: the setting `customers/phone_region`
 * ("GB"), else the country of the organization's own phone number, else of its time zone.
 */
export async function phoneRegion(
  db: Database,
  organizationId: string,
  data: PhoneData,
): Promise<CountryCode | undefined> {
  const cached = regions.get(organizationId);
  if (cached && cached.until > Date.now()) return cached.region;
  const result = await db.execute<{ setting: unknown; phone: string | null; timezone: string }>(sql`
    select (select value from settings where organization_id = o.id and category = 'customers' and key = 'phone_region') as setting,
      o.phone_number as phone, o.timezone
    from organizations o where o.id = ${organizationId}`);
  const row = result.rows[0];
  const region =
    asCountry(row?.setting, data.metadata) ??
    (row?.phone ? parsePhoneNumberFromString(row.phone, data.metadata)?.country : undefined) ??
    asCountry(row ? data.timezoneCountries[row.timezone] : undefined, data.metadata);
  if (regions.size >= 10_000) regions.clear();
  regions.set(organizationId, { region, until: Date.now() + regionMs });
  return region;
}

/** After `customers/phone_region` changed: this isolate reads it afresh. */
export const forgetPhoneRegion = (organizationId: string) => regions.delete(organizationId);

/**
 * The number in E.164 for this organization (reading the region only for a national form), or
 * undefined when it cannot be one.
 */
export async function normalizePhone(
  db: Database,
  organizationId: string,
  raw: string,
  phoneData: PhoneDataSource,
): Promise<string | undefined> {
  const data = await phoneData();
  const international = toE164(raw, undefined, data.metadata);
  if (international) return international;
  const region = await phoneRegion(db, organizationId, data);
  return region ? toE164(raw, region, data.metadata) : undefined;
}

/** The digit strings a number may be stored under: as normalized (E.164) and as written. */
export function phoneKeys(raw: string, normalized: string | undefined): string[] {
  return [...new Set([normalized, raw].flatMap((value) => (value ? [phoneDigits(value)] : [])))].filter(Boolean);
}
