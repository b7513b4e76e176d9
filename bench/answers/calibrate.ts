// Fits the lexical confidence (workers/chat/src/engine/retrieval/confidence.ts) on the development
// part of the answers evaluation: retrieval runs in Postgres exactly as the chat worker runs it
// (same statement, through the Neon driver), and a logistic regression maps its measurements of
// the best candidate to "this is the entry that answers the question". Prints the coefficients
// and each question's outcome (--verbose). The held-out part is never read here.
import { createDb, createSql } from "@frontdesk/db";
import { migrate, migrationsDirectory, readMigrations } from "@frontdesk/db/migrate";
import { organizations } from "@frontdesk/db/schema";
import { faq, seedDemoContent } from "@frontdesk/db/seed";
import { startNeonLocal } from "@frontdesk/neon-local";
import { bundledLanguageDetector } from "../../workers/chat/src/engine/bundled-language-detector.ts";
import {
  type ConfidenceFeatures,
  calibration,
  lexicalConfidence,
} from "../../workers/chat/src/engine/retrieval/confidence.ts";
import { rankLexical } from "../../workers/chat/src/engine/retrieval/rank.ts";
import { devSet } from "./dev-set.ts";

const verbose = process.argv.includes("--verbose");
/** Features left out of the fit (`--without unknown,echo`), to see what each is worth. */
const without = new Set((process.argv[process.argv.indexOf("--without") + 1] ?? "").split(","));
/**
 * A confident answer to a question the knowledge base cannot answer costs this many missed answers
 * (a wrong answer misleads a customer; a handover only costs a person's minute).
 */
const falseAnswerCost = 3;
const local = await startNeonLocal({ port: 0, postgresUrl: process.env.POSTGRES_URL || undefined });
try {
  const database = { DATABASE_URL: local.databaseUrl, NEON_HTTP_ENDPOINT: local.endpoint };
  await migrate(createSql(database), await readMigrations(migrationsDirectory));
  const db = createDb(database);
  const organizationId = crypto.randomUUID();
  await db.insert(organizations).values({ id: organizationId, name: "Northwind Cycles", slug: organizationId });
  await seedDemoContent(db, organizationId);
  const keyOf = new Map(faq.map((entry) => [entry.title, entry.key]));

  const why = process.argv.indexOf("--why");
  if (why > 0) {
    for (const question of process.argv.slice(why + 1)) {
      console.log(question);
      for (const ranked of (
        await rankLexical(db, organizationId, question, bundledLanguageDetector.detect(question))
      ).slice(0, 5)) {
        const { candidate, features, confidence } = ranked;
        console.log(
          `  ${keyOf.get(candidate.title)} bm25 ${candidate.bm25.toFixed(2)} ${JSON.stringify(features)} conf ${confidence.toFixed(2)}`,
        );
      }
    }
    process.exit(0);
  }
  const samples: Sample[] = [];
  for (const [question, expected] of devSet) {
    const [best] = await rankLexical(db, organizationId, question, bundledLanguageDetector.detect(question));
    const key = best ? keyOf.get(best.candidate.title) : undefined;
    const features = best?.features ?? {
      coverage: 0,
      questionCoverage: 0,
      margin: 0,
      missing: 1,
      phrases: 0,
      echo: 0,
      kind: 0,
    };
    const correct = expected !== null && key === expected;
    samples.push({ features, correct, answerable: expected !== null });
    if (verbose) {
      const mark = expected === null ? (best ? "?" : "-") : correct ? "✓" : "✗";
      const f = Object.values(features)
        .map((value) => value.toFixed(2))
        .join(" ");
      console.log(
        `${mark} ${question.padEnd(60)} → ${String(key).padEnd(18)} want ${String(expected).padEnd(18)} ${f} conf ${lexicalConfidence(features).toFixed(2)}`,
      );
    }
  }

  const fitted = fitCalibration(samples);
  console.log(
    "fitted calibration:",
    JSON.stringify(Object.fromEntries(Object.entries(fitted).map(([n, v]) => [n, Number(v.toFixed(2))]))),
  );
  const paraphrases = samples.filter((s) => s.answerable).length;
  const unanswerable = samples.length - paraphrases;
  for (const fit of [calibration, fitted]) {
    console.log(fit === calibration ? "with the coefficients in confidence.ts:" : "with the fitted coefficients:");
    for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
      const { answered, right, falseAnswers } = outcomeAt(samples, fit, threshold);
      console.log(
        `  threshold ${threshold}: top-1 ${percent(right, paraphrases)}, wrong entry ${percent(answered - right - falseAnswers, paraphrases)}, false answers ${percent(falseAnswers, unanswerable)}`,
      );
    }
  }
  const best = operatingPoint(samples, fitted);
  console.log(
    `most right answers with at most 5% false answers (fitted): threshold ${best.threshold.toFixed(3)}, top-1 ${percent(best.right, paraphrases)}, false answers ${percent(best.falseAnswers, unanswerable)}`,
  );
  const holdBack = Number(process.argv[process.argv.indexOf("--hold-back") + 1]);
  if (process.argv.includes("--hold-back") && holdBack > 0) {
    // The newest questions judged by a fit and threshold chosen on the older ones: the knowledge
    // base's words were not tuned to them either, so this is how retrieval meets new wording.
    const training = samples.slice(0, -holdBack);
    const testing = samples.slice(-holdBack);
    const fit = fitCalibration(training);
    const outcome = outcomeAt(testing, fit, operatingPoint(training, fit).threshold);
    const testParaphrases = testing.filter((s) => s.answerable).length;
    console.log(
      `the newest ${holdBack} questions, held back: top-1 ${percent(outcome.right, testParaphrases)}, false answers ${percent(outcome.falseAnswers, holdBack - testParaphrases)}, ranked first ${percent(testing.filter((s) => s.correct).length, testParaphrases)}`,
    );
  }
  if (process.argv.includes("--cross-validate")) {
    // Each fifth of the development part judged by a fit and a threshold chosen on the other four:
    // what the features are worth on questions the fit never saw.
    const folds = 5;
    let right = 0;
    let falseAnswers = 0;
    for (let fold = 0; fold < folds; fold++) {
      const training = samples.filter((_, index) => index % folds !== fold);
      const testing = samples.filter((_, index) => index % folds === fold);
      const fit = fitCalibration(training);
      const outcome = outcomeAt(testing, fit, operatingPoint(training, fit).threshold);
      right += outcome.right;
      falseAnswers += outcome.falseAnswers;
    }
    console.log(
      `cross-validated (${folds} folds): top-1 ${percent(right, paraphrases)}, false answers ${percent(falseAnswers, unanswerable)}`,
    );
  }
} finally {
  await local.close();
}

interface Sample {
  features: ConfidenceFeatures;
  correct: boolean;
  answerable: boolean;
}

function percent(n: number, of: number) {
  return `${((100 * n) / of).toFixed(1)}%`;
}

/** Logistic regression by gradient descent, lightly regularised. */
function fitCalibration(samples: Sample[]): typeof calibration {
  const names = Object.keys(calibration).filter(
    (name) => name !== "intercept" && !without.has(name),
  ) as (keyof ConfidenceFeatures)[];
  const weights: Record<string, number> = Object.fromEntries(Object.keys(calibration).map((n) => [n, 0]));
  for (let step = 0; step < 20_000; step++) {
    const gradient: Record<string, number> = Object.fromEntries(Object.keys(weights).map((n) => [n, 0]));
    for (const { features, correct, answerable } of samples) {
      const p = lexicalConfidence(features, weights as typeof calibration);
      const error = (p - (correct ? 1 : 0)) * (answerable ? 1 : falseAnswerCost);
      gradient.intercept = (gradient.intercept ?? 0) + error;
      for (const name of names) gradient[name] = (gradient[name] ?? 0) + error * features[name];
    }
    for (const name of ["intercept", ...names]) {
      const decay = name === "intercept" ? 0 : 0.001 * (weights[name] ?? 0);
      weights[name] = (weights[name] ?? 0) - 0.5 * ((gradient[name] ?? 0) / samples.length + decay);
    }
  }
  return weights as typeof calibration;
}

/** What the responder does with `fit` at `threshold`: the questions it answers, right and unanswerable. */
function outcomeAt(samples: Sample[], fit: typeof calibration, threshold: number) {
  const answered = samples.filter((s) => lexicalConfidence(s.features, fit) >= threshold);
  return {
    answered: answered.length,
    right: answered.filter((s) => s.correct).length,
    falseAnswers: answered.filter((s) => !s.answerable).length,
  };
}

/** The threshold the responder needs: the most right answers with at most 5% false answers. */
function operatingPoint(samples: Sample[], fit: typeof calibration) {
  const unanswerable = samples.filter((s) => !s.answerable).length;
  let best = { threshold: 1, right: 0, falseAnswers: 0 };
  for (const threshold of samples.map((s) => lexicalConfidence(s.features, fit))) {
    const { right, falseAnswers } = outcomeAt(samples, fit, threshold);
    if (falseAnswers <= 0.05 * unanswerable && right > best.right) best = { threshold, right, falseAnswers };
  }
  return best;
}
