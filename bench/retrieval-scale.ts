// Retrieval on a database of many organizations with fresh statistics, against the retrieval before
// the ranking work, alternating on the same questions. On PostgreSQL 15 (`POSTGRES_URL`, e.g. through
// scripts/with-postgres.sh) with 151 organizations analyzed, the statement once took seconds per
// question, all of it JIT compilation (see bench/answers/README.md); PGlite has no JIT.
import { createDb } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { sql } from "drizzle-orm";
import { bundledLanguageDetector } from "../workers/chat/src/engine/bundled-language-detector.ts";
import { rankLexical } from "../workers/chat/src/engine/retrieval/rank.ts";
import { devSet } from "./answers/dev-set.ts";
import { previousSearch } from "./answers/previous-retrieval.ts";
import { median } from "./measure.ts";
import { startBenchStack } from "./stack.ts";

const otherOrganizations = Number.parseInt(process.env.BENCH_ORGANIZATIONS ?? "150", 10);
const questionCount = Number.parseInt(process.env.BENCH_QUESTIONS ?? "20", 10);

const stack = await startBenchStack({ withDomainWorkers: false });
try {
  const organization = await stack.organization();
  const db = createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });
  await seedDemoContent(db, organization.id);
  for (let index = 0; index < otherOrganizations; index++) {
    const other = crypto.randomUUID();
    await db.execute(sql`insert into organizations (id, name, slug) values (${other}, ${`Other ${index}`}, ${other})`);
    await seedDemoContent(db, other);
  }
  await db.execute(sql`analyze`);
  const now: number[] = [];
  const before: number[] = [];
  for (const [question] of devSet.slice(0, questionCount)) {
    let started = performance.now();
    await rankLexical(db, organization.id, question, bundledLanguageDetector.detect(question));
    now.push(performance.now() - started);
    started = performance.now();
    await previousSearch(db, organization.id, question);
    before.push(performance.now() - started);
  }
  console.log(
    `${otherOrganizations + 1} organizations, analyzed, ${process.env.POSTGRES_URL ? "PostgreSQL" : "PGlite"}: ` +
      `retrieval p50 ${median(now).toFixed(1)} ms, before the ranking work ${median(before).toFixed(1)} ms ` +
      `(${(median(now) / median(before)).toFixed(2)}x, ${now.length} questions)`,
  );
} finally {
  await stack.close();
}
