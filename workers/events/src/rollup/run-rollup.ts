import { type Database, describeQueryError, schema } from "@frontdesk/db";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
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

export interface IncrementalOptions {
  overlapMs?: number;
  /** Days one run recomputes for one organization; the rest wait in the backlog for later runs. */
  maxDaysPerOrganization?: number;
  /** Days one run recomputes in all. */
  maxDaysPerRun?: number;
}

/** Groups days by organization, newest day first within each. */
function byOrganization(days: OrganizationDay[]): Map<string, string[]> {
  const grouped = new Map<string, Set<string>>();
  for (const { organizationId, day } of days) {
    const set = grouped.get(organizationId) ?? new Set<string>();
    set.add(day);
    grouped.set(organizationId, set);
  }
  return new Map([...grouped].map(([organization, set]) => [organization, [...set].sort().reverse()]));
}

/** Puts days in the backlog (or counts another attempt for the ones already there). */
async function deferDays(db: Database, organizationId: string, days: string[], error: string | null): Promise<void> {
  if (days.length === 0) return;
  const b = schema.analyticsRollupBacklog;
  await db
    .insert(b)
    .values(days.map((day) => ({ organizationId, day, attempts: error ? 1 : 0, lastError: error })))
    .onConflictDoUpdate({
      target: [b.organizationId, b.day],
      set: { attempts: sql`${b.attempts} + ${error ? 1 : 0}`, lastError: error ?? sql`${b.lastError}` },
    });
}

/**
 * The cron's rollup: only the days touched since the last incremental run are recomputed, and
 * recomputing is idempotent (a day's row is rebuilt from its source rows), so an overlapping or
 * repeated run changes nothing. Organizations are processed one by one: one organization's failure
 * or flood of touched days (events far in the past, say) is deferred to the backlog, bounded per
 * run, and never stalls the others' analytics or the watermark.
 */
export async function runIncrementalRollup(
  db: Database,
  { overlapMs = defaultOverlapMs, maxDaysPerOrganization = 62, maxDaysPerRun = 2000 }: IncrementalOptions = {},
): Promise<RollupSummary> {
  const runs = schema.analyticsRollupRuns;
  const backlog = schema.analyticsRollupBacklog;
  const [last] = await db
    .select({ watermark: runs.watermark })
    .from(runs)
    .where(and(eq(runs.kind, "incremental"), sql`${runs.finishedAt} is not null`))
    .orderBy(desc(runs.watermark))
    .limit(1);
  const since = last ? new Date(last.watermark.getTime() - overlapMs) : null;
  const startedAt = new Date();
  const { watermark, days } = await touchedDays(db, since);
  // Oldest waiting first: a day put back again keeps its place in the line.
  const waiting = await db
    .select({ organizationId: backlog.organizationId, day: sql<string>`to_char(${backlog.day}, 'YYYY-MM-DD')` })
    .from(backlog)
    .orderBy(backlog.addedAt, backlog.day);
  let budget = maxDaysPerRun;
  const selected: OrganizationDay[] = [];
  // What waited in the backlog goes first (the overlap makes recent days reappear every run, and
  // must not keep pushing older days back), then the newly touched days, newest first.
  const waitingByOrganization = new Map<string, string[]>();
  for (const { organizationId, day } of waiting)
    waitingByOrganization.set(organizationId, [...(waitingByOrganization.get(organizationId) ?? []), day]);
  const touchedByOrganization = byOrganization(days);
  const organizations = new Set([...waitingByOrganization.keys(), ...touchedByOrganization.keys()]);
  for (const organizationId of organizations) {
    const waited = waitingByOrganization.get(organizationId) ?? [];
    const all = [...new Set([...waited, ...(touchedByOrganization.get(organizationId) ?? [])])];
    const share = Math.max(0, Math.min(maxDaysPerOrganization, budget));
    budget -= Math.min(share, all.length);
    await deferDays(db, organizationId, all.slice(share), null);
    for (const day of all.slice(0, share)) selected.push({ organizationId, day });
  }
  let recomputed = 0;
  const done = async (chunk: OrganizationDay[]) => {
    recomputed += chunk.length;
    // Only organizations that had days waiting have backlog rows to clear: no statement otherwise.
    for (const [organizationId, daysDone] of byOrganization(chunk))
      if (waitingByOrganization.has(organizationId))
        await db.delete(backlog).where(and(eq(backlog.organizationId, organizationId), inArray(backlog.day, daysDone)));
  };
  // Many organizations share a transaction while all goes well; a chunk that fails is redone one
  // organization at a time, so only the organization whose data fails waits in the backlog.
  for (const chunk of chunks(selected, daysPerBatch)) {
    try {
      await db.batch(recomputeDays(db, chunk));
      await done(chunk);
      continue;
    } catch {
      // Isolate the organization at fault below.
    }
    for (const [organizationId, own] of byOrganization(chunk)) {
      const ownDays = own.map((day) => ({ organizationId, day }));
      try {
        await db.batch(recomputeDays(db, ownDays));
        await done(ownDays);
      } catch (error) {
        const reason = describeQueryError(error)?.code ?? (error instanceof Error ? error.name : "error");
        console.error(JSON.stringify({ error: "rollup-failed", organizationId, days: own.length, reason }));
        await deferDays(db, organizationId, own, `recompute failed (${reason})`);
      }
    }
  }
  await db.insert(runs).values({
    kind: "incremental",
    changedSince: since,
    watermark,
    daysRecomputed: recomputed,
    startedAt,
    finishedAt: new Date(),
  });
  return { days: recomputed, watermark: watermark.toISOString() };
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
