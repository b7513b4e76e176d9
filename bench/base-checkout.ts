// A base revision's checkout for before/after benchmarks: a git worktree under .tmp/, installed
// offline from the store (its postinstall builds its generated files too).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export function baseCheckout(baseRev: string): string {
  const checkout = join(root, `.tmp/base-${baseRev}`);
  if (!existsSync(checkout)) execFileSync("git", ["worktree", "add", "--detach", checkout, baseRev], { cwd: root });
  execFileSync("npx", ["--yes", "pnpm@10", "install", "--frozen-lockfile", "--prefer-offline"], {
    cwd: checkout,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return checkout;
}
