import { getTimezone } from "countries-and-timezones";
import { describe, expect, it } from "vitest";
import { phoneKeys, toE164 } from "../src/customers/phone.ts";
import { packagedPhoneData } from "../src/customers/phone-data.ts";

const { metadata, timezoneCountries } = packagedPhoneData();

describe("phone numbers the way people write them", () => {
  it("reads international forms as they are and national ones in the region", () => {
    expect(toE164("+44 7700 900123", undefined, metadata)).toBe("+447700900123");
    expect(toE164("0044 7700 900123", undefined, metadata)).toBe("+447700900123");
    expect(toE164("whatsapp:+15550100200", undefined, metadata)).toBe("+15550100200");
    expect(toE164("whatsapp:+14155552671", undefined, metadata)).toBe("+14155552671");
    expect(toE164("07700 900123", "GB", metadata)).toBe("+447700900123");
    expect(toE164("(0)30 12345678", "DE", metadata)).toBe("+493012345678");
    expect(toE164("07700 900123", undefined, metadata)).toBeUndefined();
    expect(toE164("12", "GB", metadata)).toBeUndefined();
  });

  it("keys a number by its digits as normalized and as written", () => {
    expect(phoneKeys("07700 900123", "+447700900123")).toEqual(["447700900123", "07700900123"]);
    expect(phoneKeys("+44 7700 900123", "+447700900123")).toEqual(["447700900123"]);
    expect(phoneKeys("555-0100", undefined)).toEqual(["5550100"]);
  });

  it("knows each time zone's country as the time-zone package does, deprecated names too", () => {
    for (const zone of ["Europe/London", "Europe/Berlin", "America/New_York", "Asia/Calcutta", "Australia/Sydney"]) {
      expect(timezoneCountries[zone]).toBe(getTimezone(zone)?.countries[0]);
    }
    expect(timezoneCountries["Asia/Calcutta"]).toBe("IN");
    expect(timezoneCountries["Etc/UTC"]).toBeUndefined();
  });
});
