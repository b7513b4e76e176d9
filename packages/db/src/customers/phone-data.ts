import { getAllTimezones } from "countries-and-timezones";
import metadata from "libphonenumber-js/metadata.min.json";
import type { PhoneData, PhoneDataSource } from "./phone.ts";

let built: PhoneData | undefined;

/** The phone data as the packages ship it, built once per isolate (deprecated zone names included). */
export function packagedPhoneData(): PhoneData {
  built ??= {
    metadata,
    timezoneCountries: Object.fromEntries(
      Object.values(getAllTimezones({ deprecated: true })).flatMap((zone) => {
        const country = zone.countries[0];
        return country ? [[zone.name, country]] : [];
      }),
    ),
  };
  return built;
}

export const packagedPhoneDataSource: PhoneDataSource = async () => packagedPhoneData();
