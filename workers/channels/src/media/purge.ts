import { createDb, type DatabaseBindings, schema } from "@frontdesk/db";
import { asc, inArray } from "drizzle-orm";

/** R2 deletes up to 1,000 keys in one call. */
const purgeBatch = 1_000;

/**
 * Deletes from R2 the attachments whose messages no longer hold them (retention, deletion, erasure:
 * the database queues their keys in `attachment_purges`), oldest first, then forgets the keys.
 * A key whose object is already gone is simply forgotten. Answers how many were purged.
 */
export async function purgeAttachments(env: DatabaseBindings & { ATTACHMENTS: R2Bucket }) {
  const db = createDb(env);
  const t = schema.attachmentPurges;
  const due = await db.select({ id: t.id, key: t.objectKey }).from(t).orderBy(asc(t.queuedAt)).limit(purgeBatch);
  if (due.length === 0) return 0;
  await env.ATTACHMENTS.delete(due.map((row) => row.key));
  await db.delete(t).where(
    inArray(
      t.id,
      due.map((row) => row.id),
    ),
  );
  return due.length;
}
