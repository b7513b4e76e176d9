import { domainWorkers, routePrefixes, segmentPaths, visitorPrefix } from "@frontdesk/contracts/route-prefixes";
import { isVisitorUploadPath, visitorUploadMaxBodyBytes } from "@frontdesk/contracts/web-channel";
import { createApi, mutableResponse } from "@frontdesk/http";
import { Scalar } from "@scalar/hono-api-reference";
import type { Context, MiddlewareHandler } from "hono";
import type { GatewayApp } from "./app-env.ts";
import { authenticate } from "./auth/authenticate.ts";
import { corsPreflight, organizationCors } from "./cors/organization-cors.ts";
import { domainService } from "./domain-workers.ts";
import { forwardAsCaller } from "./forward.ts";
import { pages } from "./pages/pages.ts";
import { forgetPublishableKeys } from "./public/resolve-channel.ts";
import { publicRoutes } from "./public/routes.ts";
import { ipRateLimit, principalRateLimit } from "./rate-limit/middleware.ts";
import { apiDocument } from "./routes/api-document.ts";
import { apiKeys } from "./routes/api-keys.ts";
import { auditLogs } from "./routes/audit-logs.ts";
import { browserSession } from "./routes/browser-session.ts";
import { health } from "./routes/health.ts";
import { organizations } from "./routes/organizations.ts";
import { settings } from "./routes/settings.ts";
import { auth, users } from "./routes/users.ts";

export { RateLimiter } from "@frontdesk/http/rate-limiter";

/** Segment's libraries post to these (with a Basic write key); the events worker checks their limits. */
const ingestionPaths = new Set(["/v1/events", ...segmentPaths]);

/** The gateway: Frontdesk's only public door; domain workers are reached over service bindings. */
const app = createApi<GatewayApp>({
  secrets: ["FRONTDESK_SESSION_SECRET", "FRONTDESK_ENCRYPTION_KEY"],
  bodyRules: (path) =>
    ingestionPaths.has(path)
      ? { maxBytes: 1024 * 1024 }
      : // Providers post forms (Twilio) and JSON of up to 3 MB (WhatsApp); the channels worker checks them.
        path.startsWith("/webhooks/")
        ? { maxBytes: 4 * 1024 * 1024, anyMediaType: true }
        : // A visitor's file, checked (size, type) by the channels worker that stores it.
          isVisitorUploadPath(path)
          ? { maxBytes: visitorUploadMaxBodyBytes, anyMediaType: true }
          : undefined,
});

// Every request but the liveness probe meets its IP's budget before anything else (health included).
const perIp = ipRateLimit();
app.use("*", (c, next) => (c.req.path === "/livez" ? next() : perIp(c, next)));
app.route("/health", health);
app.route("/", pages);
// Liveness only: no database, no credentials (load balancers, and the benchmark's baseline).
app.get("/livez", (c) => c.json({ status: "ok" }));

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
  type: "apiKey",
  in: "cookie",
  name: "__Host-frontdesk_session",
  description: "The agent workspace's browser session (POST /v1/auth/session); writes also need x-csrf-token.",
});
app.openAPIRegistry.registerComponent("securitySchemes", "writeKey", {
  type: "http",
  scheme: "basic",
  description: "Segment style: the API key as the username, no password.",
});
// The API reference: Scalar renders the OpenAPI document (schemas, examples, security schemes) in
// the browser, with its script served from this deployment's static assets, never a CDN.
app.get(
  "/docs",
  Scalar({
    url: "/v1/openapi.json",
    cdn: "/docs/scalar.js",
    pageTitle: "Frontdesk API reference",
    hideClientButton: true,
    // System fonts: the page fetches nothing from outside this deployment.
    withDefaultFonts: false,
    showDeveloperTools: "never",
    defaultOpenAllTags: true,
    agent: { disabled: true },
    mcp: { disabled: true },
  }),
);

const publicPaths = new Set(["/v1/openapi.json", "/v1/auth/login"]);
const isChannelRoute = (path: string) => path.startsWith("/v1/public/");
/** Signing in is the one thing a browser does before it has a session. */
const isSignIn = (path: string, method: string) => path === "/v1/auth/session" && method === "POST";
const isPublic = (path: string, method: string) =>
  publicPaths.has(path) || isChannelRoute(path) || isSignIn(path, method);
// Channel routes (/v1/public/{key}) answer CORS from their channel's own origins, in their own middleware.
const unlessChannelRoute =
  (middleware: MiddlewareHandler<GatewayApp>): MiddlewareHandler<GatewayApp> =>
  (c, next) =>
    isChannelRoute(c.req.path) ? next() : middleware(c, next);
const authenticated = authenticate();
app.use("/v1/*", unlessChannelRoute(corsPreflight()));
app.use("/v1/*", (c, next) => (isPublic(c.req.path, c.req.method) ? next() : authenticated(c, next)));
app.use("/v1/*", unlessChannelRoute(organizationCors()));
// Channel routes count against their organization once their channel is known (their own middleware).
app.use("/v1/*", unlessChannelRoute(principalRateLimit()));

// Public and credential-free, so any web page (an API explorer elsewhere) may read it.
app.get("/v1/openapi.json", async (c) =>
  c.json(await apiDocument(app, c.env), 200, { "access-control-allow-origin": "*" }),
);

app.get("/v1/ping", (c) => {
  const principal = c.var.principal;
  return c.json({
    ok: true,
    principal: principal.kind,
    organizationId: principal.kind === "admin" ? null : principal.organizationId,
  });
});
app.route(visitorPrefix, publicRoutes);
app.route("/v1/organizations", organizations);
app.route("/v1/audit-logs", auditLogs);
app.route("/v1/api-keys", apiKeys);
app.route("/v1/settings", settings);
app.route("/v1/users", users);
app.route("/v1/auth/session", browserSession);
app.route("/v1/auth", auth);
/** Forwards to a domain worker as the caller the gateway authenticated (admins have no tenant there). */
type Service = (env: GatewayApp["Bindings"]) => Fetcher;
const forwardTo = (service: Service) => async (c: Context<GatewayApp>) => {
  const response = await forwardAsCaller(c, service(c.env));
  if (c.req.path.startsWith("/v1/channels") && c.req.method !== "GET") forgetPublishableKeys();
  return response;
};
// The prefix table is shared with a test that holds each worker's documented routes to it.
for (const worker of domainWorkers) {
  const forward = forwardTo((env) => domainService(env, worker));
  for (const prefix of routePrefixes[worker]) {
    app.all(prefix, forward);
    app.all(`${prefix}/*`, forward);
  }
}

// A calendar subscription URL carries its own secret (calendar apps send no headers): public,
// rate-limited per client address (above) like every other unauthenticated door.
app.get("/calendar/:file", async (c) => {
  const url = new URL(c.req.url);
  const headers = new Headers({ "x-request-id": c.var.requestId });
  return mutableResponse(
    await c.env.BOOKINGS.fetch(new Request(`https://bookings.internal${url.pathname}`, { headers })),
  );
});

// A signed link to an attachment is its own credential (an <img> sends none): public, like the
// calendar feed, checked by the channels worker.
app.get("/media/*", async (c) => {
  const url = new URL(c.req.url);
  const headers = new Headers({ "x-request-id": c.var.requestId });
  return mutableResponse(
    await c.env.CHANNELS.fetch(new Request(`https://channels.internal${url.pathname}${url.search}`, { headers })),
  );
});

// Provider webhooks carry their own credentials (signatures checked by the channels worker over the
// raw body), so they pass untouched: same URL (Twilio signs it), same headers and bytes.
app.all("/webhooks/*", async (c) => {
  const request = new Request(c.req.raw);
  request.headers.set("x-request-id", c.var.requestId);
  return mutableResponse(await c.env.CHANNELS.fetch(request));
});

export default app;
