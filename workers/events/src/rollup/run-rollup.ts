import { type Database, schema } from "@frontdesk/db";
import { and, desc, eq, sql } from "drizzle-orm";
import { type OrganizationDay, recomputeDays, touchedDays } from "./rollup-sql.ts";

/** Days recomputed per transaction: bounds each transaction's work on a large backfill. */
const daysPerBatch = 31;
/**
 * Rows whose transaction began before the last watermark but committed after it carry an
 * updated_at just under it: the next run looks back this far behind the watermark to catch them
 * (Neon HTTP transactions are single requests, well under a minute).
 */
const defaultOverlapMs = 60_000;

export interface RollupSummary {
  days: number;
  watermark: string;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function recompute(db: Database, days: OrganizationDay[], onProgress?: (done: number) => void): Promise<void> {
  let done = 0;
  for (const chunk of chunks(days, daysPerBatch)) {
    await db.batch(recomputeDays(db, chunk));
    done += chunk.length;
    onProgress?.(done);
  }
}

/**
 * The cron's rollup: only the days touched since the last incremental run are recomputed, and
 * recomputing is idempotent (a day's row is rebuilt from its source rows), so an overlapping or
 * repeated run changes nothing.
 */
export async function runIncrementalRollup(
  db: Database,
  { overlapMs = defaultOverlapMs }: { overlapMs?: number } = {},
): Promise<RollupSummary> {
  const runs = schema.analyticsRollupRuns;
  const [last] = await db
    .select({ watermark: runs.watermark })
    .from(runs)
    .where(and(eq(runs.kind, "incremental"), sql`${runs.finishedAt} is not null`))
    .orderBy(desc(runs.watermark))
    .limit(1);
  const since = last ? new Date(last.watermark.getTime() - overlapMs) : null;
  const startedAt = new Date();
  const { watermark, days } = await touchedDays(db, since);
  await recompute(db, days);
  await db.insert(runs).values({
    kind: "incremental",
    changedSince: since,
    watermark,
    daysRecomputed: days.length,
    startedAt,
    finishedAt: new Date(),
  });
  return { days: days.length, watermark: watermark.toISOString() };
}

export interface BackfillOptions {
  from: string;
  to: string;
  organizationId?: string | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Recomputes every day from `from` to `to` (inclusive) for one organization or all of them. */
export async function backfillRollup(db: Database, options: BackfillOptions): Promise<RollupSummary> {
  const startedAt = new Date();
  const result = await db.execute<{ organization_id: string; day: string }>(sql`
    select o.id as organization_id, to_char(d, 'YYYY-MM-DD') as day
    from organizations o
    cross join generate_series(${options.from}::date, ${options.to}::date, interval '1 day') d
    where ${options.organizationId ?? null}::uuid is null or o.id = ${options.organizationId ?? null}::uuid
    order by 2, 1`);
  const days = result.rows.map((row) => ({ organizationId: row.organization_id, day: row.day }));
  options.onProgress?.(0, days.length);
  await recompute(db, days, (done) => options.onProgress?.(done, days.length));
  const watermark = new Date();
  await db.insert(schema.analyticsRollupRuns).values({
    kind: "backfill",
    watermark,
    daysRecomputed: days.length,
    startedAt,
    finishedAt: new Date(),
  });
  return { days: days.length, watermark: watermark.toISOString() };
}
