import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import chromium from "@sparticuz/chromium";
import { type Browser, chromium as playwright } from "playwright-core";

/** Where page screenshots are kept for people to look at (CI keeps the directory as an artifact). */
export const screenshotDirectory = join(process.cwd(), ".tmp/screenshots");

/** Headless Chromium as the npm package @sparticuz/chromium ships it: no system browser needed. */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDirectory, { recursive: true });
  // Its flags, less --disable-web-security: the tests check CORS the way a visitor's browser enforces it.
  const args = chromium.args.filter((arg) => arg !== "--disable-web-security");
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}
