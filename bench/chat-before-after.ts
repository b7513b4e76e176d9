// A chat turn's cost before and after a change, in one run: `bench/chat.ts` of a base revision (a
// git worktree under .tmp/, installed offline from the store) and of this checkout, alternating
// three times; medians of their 1-caller p50 and of the database round trips per warm turn. Under
// POSTGRES_URL (scripts/with-postgres.sh) each run starts a PostgreSQL server of its own.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { baseCheckout } from "./base-checkout.ts";
import { median } from "./measure.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

interface ChatFigures {
  p50: number;
  roundTrips: number;
}

function chatTurn(checkout: string, seconds: number): ChatFigures {
  const node = join(checkout, "node_modules/.bin/node");
  // On PostgreSQL each run gets a server of its own: two revisions' migrations cannot share a database.
  const [command, args] = process.env.POSTGRES_URL
    ? ["bash", [join(root, "scripts/with-postgres.sh"), node, "bench/chat.ts"]]
    : [node, ["bench/chat.ts"]];
  const output = execFileSync(command, args, {
    cwd: checkout,
    env: { ...process.env, BENCH_SECONDS: String(seconds) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = output.split("\n").find((text) => text.startsWith("chat turn (knowledge answer)") && /\s1\s/.test(text));
  const p50 = Number(line?.trim().split(/\s+/).at(-2));
  const roundTrips = Number(/database round trips per warm turn: ([\d.]+)/.exec(output)?.[1]);
  if (!Number.isFinite(p50) || !Number.isFinite(roundTrips)) throw new Error(`no chat turn figures in:\n${output}`);
  return { p50, roundTrips };
}

export interface BeforeAfter {
  p50Before: number;
  p50After: number;
  runsBefore: number[];
  runsAfter: number[];
  roundTripsBefore: number;
  roundTripsAfter: number;
}

export function compareChatTurns(baseRev: string, seconds: number): BeforeAfter {
  const checkout = baseCheckout(baseRev);
  const before: ChatFigures[] = [];
  const after: ChatFigures[] = [];
  for (let round = 0; round < 3; round++) {
    before.push(chatTurn(checkout, seconds));
    after.push(chatTurn(root, seconds));
  }
  return {
    p50Before: median(before.map((figures) => figures.p50)),
    p50After: median(after.map((figures) => figures.p50)),
    runsBefore: before.map((figures) => figures.p50),
    runsAfter: after.map((figures) => figures.p50),
    roundTripsBefore: median(before.map((figures) => figures.roundTrips)),
    roundTripsAfter: median(after.map((figures) => figures.roundTrips)),
  };
}
