import { ProblemError } from "@frontdesk/http";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { GatewayApp } from "../app-env.ts";
import { organizationSettings } from "../settings/organization-settings.ts";
import { type CorsPolicy, corsHeaders, isAllowedOrigin, isPreflight } from "./cors.ts";

export interface CorsVariables {
  /** The browser origin this request was admitted from; its response carries the CORS headers. */
  admittedOrigin: string | undefined;
}

const apiCors: CorsPolicy = {
  methods: "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  requestHeaders: "Authorization, Content-Type, Idempotency-Key, X-Request-Id",
};

/** The Origin of a cross-origin browser request; undefined for servers, curl and same-origin pages. */
function crossOrigin(c: Context<GatewayApp>): string | undefined {
  const origin = c.req.header("origin");
  return origin && origin !== new URL(c.req.url).origin ? origin : undefined;
}

/**
 * A preflight carries no credentials, so no organization is known yet: it is answered for any
 * origin, and the real request is held to the organization's list by `admitOrigin`.
 */
export const corsPreflight = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    const origin = c.req.header("origin");
    if (origin && isPreflight(c.req.raw)) return c.body(null, 204, corsHeaders(origin, apiCors));
    return next();
  });

/**
 * Refuses a cross-origin browser request unless its origin is in the organization's
 * `cors/allowed_origins` setting; called before anything is done on the caller's behalf.
 */
export async function admitOrigin(c: Context<GatewayApp>, organizationId: string | undefined): Promise<void> {
  const origin = crossOrigin(c);
  if (!origin) return;
  const allowed = organizationId ? (await organizationSettings(c.env, organizationId)).allowedOrigins : [];
  if (!isAllowedOrigin(origin, allowed)) {
    throw new ProblemError(
      "origin-not-allowed",
      `The origin ${origin} is not allowed; add it to the organization's cors/allowed_origins setting.`,
    );
  }
  c.set("admittedOrigin", origin);
}

/** For authenticated routes: admits the origin for the caller's organization, then labels the answer. */
export const organizationCors = () =>
  createMiddleware<GatewayApp>(async (c, next) => {
    // Unset on the routes open without credentials (login admits its origin itself).
    const principal = c.get("principal") as GatewayApp["Variables"]["principal"] | undefined;
    if (principal) await admitOrigin(c, principal.kind === "admin" ? undefined : principal.organizationId);
    await next();
    const origin = c.var.admittedOrigin;
    if (origin)
      for (const [name, value] of Object.entries(corsHeaders(origin, apiCors))) c.res.headers.set(name, value);
  });
