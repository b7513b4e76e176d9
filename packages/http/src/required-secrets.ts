import { createMiddleware } from "hono/factory";
import { ProblemError } from "./problem.ts";

/** Secrets a worker cannot run safely without, and what each must be. */
export type SecretName = "FRONTDESK_SESSION_SECRET" | "FRONTDESK_ENCRYPTION_KEY";

const minimumBytes = 32;

function decodedLength(base64: string): number {
  try {
    return atob(base64).length;
  } catch {
    return 0;
  }
}

/** What is wrong with the worker's secrets (empty when nothing is). */
export function secretProblems(env: Record<string, unknown>, names: readonly SecretName[]): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const value = env[name];
    if (typeof value !== "string" || value === "") problems.push(`${name} is not set`);
    else if (name === "FRONTDESK_ENCRYPTION_KEY" && decodedLength(value) !== minimumBytes)
      problems.push(`${name} must be ${minimumBytes} random bytes, base64 (openssl rand -base64 32)`);
    else if (name === "FRONTDESK_SESSION_SECRET" && new TextEncoder().encode(value).length < minimumBytes)
      problems.push(`${name} must be at least ${minimumBytes} bytes`);
  }
  return problems;
}

/**
 * Refuses to serve anything while the worker's secrets are missing or weak: a worker that signed
 * sessions with an empty key, or sealed credentials with a short one, would be worse than down.
 * Checked once per isolate and set of bindings.
 */
export const requireSecrets = (names: readonly SecretName[]) => {
  const checked = new WeakMap<object, string[]>();
  return createMiddleware(async (c, next) => {
    const env = (c.env ?? {}) as Record<string, unknown>;
    let problems = checked.get(env);
    if (!problems) {
      problems = secretProblems(env, names);
      checked.set(env, problems);
      if (problems.length > 0) console.error(JSON.stringify({ error: "misconfigured", problems }));
    }
    if (problems.length > 0)
      throw new ProblemError("service-unavailable", `This deployment is not configured: ${problems.join("; ")}.`);
    return next();
  });
};
