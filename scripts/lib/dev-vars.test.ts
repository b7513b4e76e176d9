import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { secretProblems } from "../../packages/http/src/required-secrets.ts";
import { writeDevVars } from "./dev-vars.ts";

const example = readFile(new URL("../../.dev.vars.example", import.meta.url), "utf8");
const parse = (text: string) =>
  Object.fromEntries([...text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));

describe("pnpm dev's .dev.vars", () => {
  it("gets fresh random secrets on first start, strong enough for the workers, different every machine", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dev-vars-"));
    try {
      const [first, second] = [join(dir, "a"), join(dir, "b")];
      expect(writeDevVars(first, await example)).toEqual([
        "FRONTDESK_ADMIN_TOKEN",
        "FRONTDESK_ENCRYPTION_KEY",
        "FRONTDESK_SESSION_SECRET",
      ]);
      writeDevVars(second, await example);
      const a = parse(await readFile(first, "utf8"));
      const b = parse(await readFile(second, "utf8"));
      expect(secretProblems(a, ["FRONTDESK_SESSION_SECRET", "FRONTDESK_ENCRYPTION_KEY"])).toEqual([]);
      for (const name of Object.keys(a)) expect(a[name]).not.toBe(b[name]);
      // The repository holds no value for any of them.
      expect(Object.values(parse(await example))).toEqual(["", "", ""]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps what is there and adds only what is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dev-vars-"));
    try {
      const path = join(dir, ".dev.vars");
      await writeFile(path, "FRONTDESK_ADMIN_TOKEN=mine\n");
      expect(writeDevVars(path, await example)).toEqual(["FRONTDESK_ENCRYPTION_KEY", "FRONTDESK_SESSION_SECRET"]);
      expect(parse(await readFile(path, "utf8")).FRONTDESK_ADMIN_TOKEN).toBe("mine");
      expect(writeDevVars(path, await example)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the workers' secret check", () => {
  it("refuses missing, short or malformed secrets", () => {
    const names = ["FRONTDESK_SESSION_SECRET", "FRONTDESK_ENCRYPTION_KEY"] as const;
    expect(secretProblems({}, names)).toHaveLength(2);
    expect(secretProblems({ FRONTDESK_SESSION_SECRET: "short", FRONTDESK_ENCRYPTION_KEY: "c2hvcnQ=" }, names)).toEqual([
      "FRONTDESK_SESSION_SECRET must be at least 32 bytes",
      "FRONTDESK_ENCRYPTION_KEY must be 32 random bytes, base64 (openssl rand -base64 32)",
    ]);
  });
});
