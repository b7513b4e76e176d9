import { env } from "cloudflare:test";
import { packagedPhoneData } from "@frontdesk/db/phone-data";
import { describe, expect, it } from "vitest";
import { isolateAsset } from "../src/assets/isolate-asset.ts";
import { assetPhoneData, phoneDataSchema } from "../src/customers/phone-data.ts";
import { isolateLanguageDetector } from "../src/engine/language-model.ts";

describe("the chat worker's static assets", () => {
  it("the language model is read through the ASSETS binding and tells the languages retrieval stems", async () => {
    const detector = await isolateLanguageDetector(env.ASSETS);
    expect(detector.detect("habt ihr am sonntag offen?")).toBe("de");
    expect(detector.detect("Hei, hva koster det å leie en sykkel for en dag?")).toBe("nb");
    expect(detector.detect("ok")).toBeNull();
  });

  it("the phone data is the packages' own, so chat reads numbers as tools and bookings do", async () => {
    const data = await assetPhoneData(env.ASSETS)();
    expect(data).toEqual(packagedPhoneData());
    expect(data.timezoneCountries["Europe/London"]).toBe("GB");
  });

  it("each is loaded once per isolate: every caller shares one load", () => {
    expect(isolateLanguageDetector(env.ASSETS)).toBe(isolateLanguageDetector(env.ASSETS));
    expect(assetPhoneData(env.ASSETS)()).toBe(assetPhoneData(env.ASSETS)());
  });

  it("a failed load says which asset, and the next caller tries again instead of sharing the failure", async () => {
    const missing = isolateAsset("no-such-asset.json", (json) => json);
    const first = missing(env.ASSETS);
    await expect(first).rejects.toThrow("the asset no-such-asset.json answered 404");
    const second = missing(env.ASSETS);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow("answered 404");
  });

  it("an asset that is not what it should be is refused, not half used", async () => {
    const notPhoneData = isolateAsset("language-ngrams.json", (json) => phoneDataSchema.parse(json));
    await expect(notPhoneData(env.ASSETS)).rejects.toThrow(/metadata|timezoneCountries/);
  });
});
