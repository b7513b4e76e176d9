import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApi } from "./app.ts";
import { type IdentityVariables, requireIdentity } from "./identity.ts";
import type { BodyRules } from "./json-body.ts";
import type { SecretName } from "./required-secrets.ts";

/** The ways a caller proves who they are, as the OpenAPI document names them. */
const securitySchemes = {
  bearer: { type: "http", scheme: "bearer" },
  visitorToken: {
    type: "http",
    scheme: "bearer",
    description: "The visitor token POST /v1/public/{publishableKey}/conversations answered with.",
  },
  writeKey: { type: "http", scheme: "basic", description: "Segment style: the API key as the username, no password." },
} as const;

export type SecurityScheme = keyof typeof securitySchemes;

/**
 * A domain worker's app: the API kit (`createApi`), `/health`, its OpenAPI document at
 * `/openapi.json` with the security schemes its routes use (the gateway merges it into the public
 * document), and the identity the gateway made required on every `/v1/*` route.
 */
export function domainApp<E extends object>(options: {
  title: string;
  schemes?: readonly SecurityScheme[];
  secrets?: readonly SecretName[];
  bodyRules?: BodyRules;
  /** false when the worker serves a /health of its own (one that looks at its dependencies). */
  health?: boolean;
}): OpenAPIHono<{ Bindings: E; Variables: IdentityVariables }> {
  const app = createApi<{ Bindings: E; Variables: IdentityVariables }>({
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.bodyRules ? { bodyRules: options.bodyRules } : {}),
  });
  if (options.health !== false) app.get("/health", (c) => c.json({ status: "ok" }));
  for (const scheme of options.schemes ?? ["bearer"]) {
    app.openAPIRegistry.registerComponent("securitySchemes", scheme, securitySchemes[scheme]);
  }
  app.doc31("/openapi.json", { openapi: "3.1.0", info: { title: options.title, version: "1.0.0" } });
  app.use("/v1/*", requireIdentity());
  return app;
}
