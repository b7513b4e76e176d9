import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { createSql } from "@frontdesk/db";
import { demoSlug } from "@frontdesk/db/seed";
import { randomToken } from "../../packages/http/src/tokens.ts";
import { hashPassword } from "../../workers/gateway/src/auth/password-hash.ts";

/**
 * A password for the demo business's staff (Sam the agent, Maya the owner), so a newcomer can sign
 * in to /app at once. Random per machine, kept in `file` (outside git) and reused while the staff
 * have a password; only its hash is in the database. Undefined without the demo organization.
 */
export async function demoStaffLogin(
  sql: ReturnType<typeof createSql>,
  file: string,
): Promise<{ password: string; emails: string[] } | undefined> {
  const staff = await sql.query(
    `select u.email, u.password_hash, u.role from users u join organizations o on o.id = u.organization_id
     where o.slug = $1 order by u.role`,
    [demoSlug],
  );
  if (staff.length === 0) return undefined;
  const saved = existsSync(file) ? (await readFile(file, "utf8")).trim() : "";
  // A fresh database's demo staff have no password yet: then a new one is made (and saved).
  const stillValid = saved !== "" && staff.every((row) => row.password_hash);
  const password = stillValid ? saved : randomToken(16);
  if (!stillValid) {
    await sql.query(
      "update users set password_hash = $2 where organization_id = (select id from organizations where slug = $1)",
      [demoSlug, await hashPassword(password)],
    );
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${password}\n`, { mode: 0o600 });
  }
  return { password, emails: staff.map((row) => String(row.email)) };
}
