import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { createSql } from "@frontdesk/db";
import { demoSlug } from "@frontdesk/db/seed";
import { generatePublishableKey, sha256Hex } from "../../packages/http/src/tokens.ts";
import { generateApiKey } from "../../workers/gateway/src/auth/keys.ts";

/**
 * An owner key for the demo organization, so that a newcomer can talk to Northwind Cycles with
 * curl at once. Only its hash is in the database; the key itself is kept in `file` (outside git)
 * and reused while it still works. Undefined when there is no demo organization.
 */
export async function demoApiKey(sql: ReturnType<typeof createSql>, file: string): Promise<string | undefined> {
  const [organization] = await sql.query("select id from organizations where slug = $1", [demoSlug]);
  if (!organization) return undefined;
  if (existsSync(file)) {
    const saved = (await readFile(file, "utf8")).trim();
    const valid = await sql.query(
      "select 1 from api_keys where key_hash = $1 and organization_id = $2 and revoked_at is null",
      [await sha256Hex(saved), organization.id],
    );
    if (valid.length > 0) return saved;
  }
  const key = await generateApiKey();
  await sql.query(
    "insert into api_keys (organization_id, name, prefix, key_hash, scopes) values ($1, $2, $3, $4, $5)",
    [organization.id, "Local demo key (pnpm dev)", key.prefix, key.hash, ["*"]],
  );
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${key.key}\n`, { mode: 0o600 });
  return key.key;
}

/**
 * The demo business's web chat key, for the /demo page: each of its web channels gets its own key
 * once, with the local stack's own origins allowed (so the widget may call the visitor API).
 * Returns the main website chat's key; undefined without the demo.
 */
export async function demoPublishableKey(
  sql: ReturnType<typeof createSql>,
  origins: string[],
): Promise<string | undefined> {
  const channels = await sql.query(
    `select id, name from channels
     where type = 'web' and organization_id = (select id from organizations where slug = $1)
     order by created_at, name`,
    [demoSlug],
  );
  let websiteKey: string | undefined;
  for (const channel of channels) {
    const [updated] = await sql.query(
      `update channels set
         publishable_key = coalesce(publishable_key, $2),
         allowed_origins = array(select distinct origin from unnest(allowed_origins || $3::text[]) as origin)
       where id = $1
       returning publishable_key`,
      [channel.id, generatePublishableKey(), origins],
    );
    if (channel.name === "Website chat") websiteKey = updated?.publishable_key;
  }
  return websiteKey;
}
