import type { Expectation } from "./schemas.ts";

/** What a simulated turn did, as its expectations are checked against it. */
export interface ObservedTurn {
  reply: string | null;
  stage: string | null;
  /** The cited entries, each by title and id. */
  sources: { id: string; title: string }[];
  tools: string[];
  handover: boolean;
}

const lower = (text: string) => text.toLocaleLowerCase();

/** Each way the turn misses its expectation, in words a person fixing the pipeline understands. */
export function unmetExpectations(observed: ObservedTurn, expected: Expectation | undefined): string[] {
  if (!expected) return [];
  const failures: string[] = [];
  const reply = observed.reply ?? "";
  if (expected.handover !== undefined && observed.handover !== expected.handover) {
    failures.push(expected.handover ? "expected a handover to a person; none happened" : "handed over unexpectedly");
  }
  if (expected.stage !== undefined && observed.stage !== expected.stage) {
    failures.push(`expected stage "${expected.stage}", got "${observed.stage ?? "none"}"`);
  }
  if (expected.source !== undefined) {
    const wanted = lower(expected.source);
    if (!observed.sources.some((source) => lower(source.title) === wanted || source.id === expected.source)) {
      const cited = observed.sources.map((source) => `"${source.title}"`).join(", ") || "nothing";
      failures.push(`expected to cite "${expected.source}", cited ${cited}`);
    }
  }
  if (expected.tool !== undefined && !observed.tools.includes(expected.tool)) {
    failures.push(`expected a call to ${expected.tool}; called ${observed.tools.join(", ") || "no tool"}`);
  }
  if (observed.reply === null && (expected.contains?.length || expected.notContains?.length)) {
    failures.push("no reply: a person has the conversation");
  }
  for (const phrase of expected.contains ?? []) {
    if (!lower(reply).includes(lower(phrase))) failures.push(`the reply does not contain "${phrase}"`);
  }
  for (const phrase of expected.notContains ?? []) {
    if (lower(reply).includes(lower(phrase))) failures.push(`the reply contains "${phrase}"`);
  }
  return failures;
}
