// Writes the phone data (libphonenumber's `min` metadata and each time zone's country) as the chat
// worker's static asset assets/phone-data.json, read once per isolate by the first phone number it
// reads, so that its ~30 KiB gzipped are not part of the script. Runs after every install (root
// postinstall); tools and bookings import the same data from @frontdesk/db/phone-data.
import { mkdir, writeFile } from "node:fs/promises";
import { packagedPhoneData } from "@frontdesk/db/phone-data";

const assets = new URL("../assets/", import.meta.url);
await mkdir(assets, { recursive: true });
await writeFile(new URL("phone-data.json", assets), JSON.stringify(packagedPhoneData()));
