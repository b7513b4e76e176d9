import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { type BodyRules, jsonBody } from "./json-body.ts";
import { notFound, onError, ProblemError } from "./problem.ts";
import { requestId } from "./request-id.ts";
import { requireSecrets, type SecretName } from "./required-secrets.ts";

/**
 * A worker's API app: request ids, JSON bodies with a size limit, zod validation failures and
 * every error as problem+json, and an OpenAPI document built from the routes.
 */
export function createApi<E extends Env>(
  options: { bodyRules?: BodyRules; secrets?: readonly SecretName[] } = {},
): OpenAPIHono<E> {
  const app = new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
      throw new ProblemError("validation-failed", errors.map((e) => `${e.path || "body"}: ${e.message}`).join("; "), {
        errors,
      });
    },
  });
  app.use("*", requestId());
  if (options.secrets?.length) app.use("*", requireSecrets(options.secrets));
  app.use("*", jsonBody(undefined, options.bodyRules));
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
