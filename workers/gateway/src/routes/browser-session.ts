import { createDb, schema } from "@frontdesk/db";
import { createApi, ProblemError, problemResponses, scopes } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { GatewayApp } from "../app-env.ts";
import { csrfTokenOf, endBrowserSession, startBrowserSession } from "../auth/browser-session.ts";
import { roleScopes } from "../auth/principal.ts";
import { signIn, toUser, userSchema } from "./users.ts";

const sessionSchema = z
  .object({
    user: userSchema,
    scopes: z.array(z.enum(scopes)),
    csrfToken: z.string().openapi({ description: "Send it as x-csrf-token on every write made with the cookie." }),
    expiresAt: z.string(),
  })
  .openapi("BrowserSession");
const one = { content: { "application/json": { schema: sessionSchema } } };
const cookieAuth = [{ sessionCookie: [] }];

const signInRoute = createRoute({
  method: "post",
  path: "/",
  summary: "Browser sign-in: email and password for an HttpOnly, SameSite=Strict session cookie (12 hours)",
  request: {
    body: {
      content: {
        "application/json": { schema: z.object({ email: z.email(), password: z.string().max(256) }).strict() },
      },
      required: true,
    },
  },
  responses: { 200: { description: "Signed in; the cookie is set", ...one }, ...problemResponses },
});
const current = createRoute({
  method: "get",
  path: "/",
  summary: "The signed-in browser's user, scopes and CSRF token",
  security: cookieAuth,
  responses: { 200: { description: "The session", ...one }, ...problemResponses },
});
const signOut = createRoute({
  method: "delete",
  path: "/",
  summary: "Sign the browser out: the session is revoked and the cookie cleared",
  security: cookieAuth,
  responses: { 204: { description: "Signed out" }, ...problemResponses },
});

const browserOnly = () =>
  new ProblemError("forbidden", "This is the browser session: sign in with POST /v1/auth/session.");

/** `/v1/auth/session`: the agent workspace's sign-in, who-am-I and sign-out. */
export const browserSession = createApi<GatewayApp>()
  .openapi(signInRoute, async (c) => {
    const { email, password } = c.req.valid("json");
    const user = await signIn(c, email, password);
    const session = await startBrowserSession(c, user);
    return c.json(
      {
        user: toUser(user),
        scopes: roleScopes[user.role],
        csrfToken: await csrfTokenOf(c.env, session.sessionId),
        expiresAt: new Date(session.expiresAt).toISOString(),
      },
      200,
    );
  })
  .openapi(current, async (c) => {
    const principal = c.var.principal;
    if (principal.kind !== "user" || !principal.sessionId) throw browserOnly();
    const t = schema.users;
    const s = schema.staffSessions;
    const [row] = await createDb(c.env)
      .select({ user: t, expiresAt: s.expiresAt })
      .from(s)
      .innerJoin(t, eq(t.id, s.userId))
      .where(eq(s.id, principal.sessionId));
    if (!row) throw browserOnly();
    return c.json(
      {
        user: toUser(row.user),
        scopes: principal.scopes,
        csrfToken: await csrfTokenOf(c.env, principal.sessionId),
        expiresAt: row.expiresAt.toISOString(),
      },
      200,
    );
  })
  .openapi(signOut, async (c) => {
    const principal = c.var.principal;
    if (principal.kind !== "user" || !principal.sessionId) throw browserOnly();
    await endBrowserSession(c, principal.sessionId);
    return c.body(null, 204);
  });
