import { createDb, type Database, postgresErrorCode, schema } from "@frontdesk/db";
import { userRoles } from "@frontdesk/db/schema";
import {
  conflictResponse,
  createApi,
  idParam,
  newestFirstPage,
  notFoundResponse,
  ownedBy,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  auditEntry as sharedAuditEntry,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { GatewayApp } from "../app-env.ts";
import { auditEntry } from "../audit.ts";
import { forgetUser, organizationOf, requireScope } from "../auth/authenticate.ts";
import { forgetUserSessions } from "../auth/browser-session.ts";
import { assertMayAttempt, clearFailures, lockAfterFailures, recordFailure } from "../auth/login-throttle.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { holdsEverything, type Principal } from "../auth/principal.ts";
import { issueSession } from "../auth/session.ts";
import { admitOrigin } from "../cors/organization-cors.ts";

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    role: z.enum(userRoles),
    isActive: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");

const password = z.string().min(12).max(256).openapi({ description: "At least 12 characters." });

const createBody = z
  .object({
    email: z.email().max(254),
    password,
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    role: z.enum(userRoles).default("agent"),
  })
  .strict();

const updateBody = z
  .object({
    firstName: z.string().max(100),
    lastName: z.string().max(100),
    role: z.enum(userRoles),
    isActive: z.boolean(),
    password,
  })
  .partial()
  .strict();

export type UserRow = typeof schema.users.$inferSelect;

export const toUser = (row: UserRow): z.infer<typeof userSchema> => ({
  id: row.id,
  email: row.email,
  firstName: row.firstName,
  lastName: row.lastName,
  role: row.role,
  isActive: row.isActive,
  lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Owners hold everything, so creating, promoting, demoting, deactivating or resetting an owner needs
 * `*` (an owner login or a key holding `*`), whatever kind of credential asks.
 */
function assertMayTouchOwner(principal: Principal, ...roles: (string | undefined)[]): void {
  if (roles.includes("owner") && !holdsEverything(principal)) {
    throw new ProblemError("forbidden", "Only an owner (or a key holding *) can create or change an owner.");
  }
}

/** The organization's user the caller is about to change (404 otherwise); an owner only for those who may touch owners. */
async function userToTouch(db: Database, principal: Principal, id: string, organizationId: string) {
  const t = schema.users;
  const [existing] = await db
    .select({ role: t.role, email: t.email })
    .from(t)
    .where(ownedBy(t, id, organizationId));
  if (!existing) throw new ProblemError("not-found", "No such user in this organization.");
  assertMayTouchOwner(principal, existing.role);
  return existing;
}

const security = [{ bearer: [] }];
const one = { content: { "application/json": { schema: z.object({ user: userSchema }) } } };

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List staff users",
  security,
  middleware: [requireScope("users:read")] as const,
  request: { query: pageQuery },
  responses: {
    200: { description: "A page of users", content: { "application/json": { schema: pageSchema(userSchema) } } },
    ...problemResponses,
  },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a staff user (owner, admin or agent)",
  security,
  middleware: [requireScope("users:write")] as const,
  request: { body: { content: { "application/json": { schema: createBody } }, required: true } },
  responses: { 201: { description: "The user", ...one }, 409: conflictResponse, ...problemResponses },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a user's name, role, password or active flag",
  security,
  middleware: [requireScope("users:write")] as const,
  request: { params: idParam, body: { content: { "application/json": { schema: updateBody } }, required: true } },
  responses: { 200: { description: "The user", ...one }, 404: notFoundResponse, ...problemResponses },
});

const unlock = createRoute({
  method: "post",
  path: "/{id}/unlock",
  summary: "Lift a sign-in lock (and the back-off) after too many failed sign-ins",
  security,
  middleware: [requireScope("users:write")] as const,
  request: { params: idParam },
  responses: {
    200: {
      description: "The account may sign in again; `unlocked` says whether there was anything to lift",
      content: { "application/json": { schema: z.object({ unlocked: z.boolean() }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});

export const users = createApi<GatewayApp>()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const t = schema.users;
    const result = await newestFirstPage(createDb(c.env), t, organizationOf(c.var.principal), { limit: limit, cursor });
    return c.json({ data: result.data.map(toUser), nextCursor: result.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    assertMayTouchOwner(c.var.principal, body.role);
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const id = crypto.randomUUID();
    try {
      const [[row]] = await db.batch([
        db
          .insert(schema.users)
          .values({
            id,
            organizationId,
            email: body.email.toLowerCase(),
            passwordHash: await hashPassword(body.password),
            firstName: body.firstName ?? null,
            lastName: body.lastName ?? null,
            fullName: [body.firstName, body.lastName].filter(Boolean).join(" ") || null,
            role: body.role,
          })
          .returning(),
        auditEntry(db, c, {
          organizationId,
          action: "create",
          resource: "user",
          resourceId: id,
          details: { role: body.role },
        }),
      ]);
      if (!row) throw new Error("insert returned no row");
      return c.json({ user: toUser(row) }, 201);
    } catch (error) {
      // Emails are unique across organizations (they sign in by email alone); the answer is the same
      // whichever organization holds it, so it tells nothing about other tenants' staff.
      if (postgresErrorCode(error) === "23505")
        throw new ProblemError("conflict", "This email cannot be used for a new user.");
      throw error;
    }
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    assertMayTouchOwner(c.var.principal, body.role);
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const t = schema.users;
    const existing = await userToTouch(db, c.var.principal, id, organizationId);
    const { password: newPassword, ...fields } = body;
    // A new password, another role or a deactivation ends every credential the user holds now.
    const endsCredentials =
      newPassword !== undefined ||
      (fields.role !== undefined && fields.role !== existing.role) ||
      fields.isActive === false;
    const s = schema.staffSessions;
    const [[row]] = await db.batch([
      db
        .update(t)
        .set({
          ...fields,
          ...(newPassword ? { passwordHash: await hashPassword(newPassword) } : {}),
          ...(endsCredentials ? { credentialsChangedAt: sql`clock_timestamp()` } : {}),
        })
        .where(ownedBy(t, id, organizationId))
        .returning(),
      ...(endsCredentials
        ? [
            db
              .update(s)
              .set({ revokedAt: sql`now()` })
              .where(and(eq(s.organizationId, organizationId), eq(s.userId, id), isNull(s.revokedAt))),
          ]
        : []),
      // A reset password is a fresh start for the sign-in count too (the owner's way out of a lock).
      ...(newPassword ? [clearFailures(db, existing.email)] : []),
      auditEntry(db, c, {
        organizationId,
        action: "update",
        resource: "user",
        resourceId: id,
        details: { fields: Object.keys(body), ...(endsCredentials ? { credentialsEnded: true } : {}) },
      }),
    ]);
    if (!row) throw new ProblemError("not-found", "No such user in this organization.");
    forgetUser(id);
    if (endsCredentials) forgetUserSessions(id);
    return c.json({ user: toUser(row) }, 200);
  })
  .openapi(unlock, async (c) => {
    const { id } = c.req.valid("param");
    const organizationId = organizationOf(c.var.principal);
    const db = createDb(c.env);
    const existing = await userToTouch(db, c.var.principal, id, organizationId);
    const [lifted] = await db.batch([
      clearFailures(db, existing.email).returning({ email: schema.loginThrottles.email }),
      auditEntry(db, c, { organizationId, action: "user.unlocked", resource: "user", resourceId: id }),
    ]);
    return c.json({ unlocked: lifted.length > 0 }, 200);
  });

const login = createRoute({
  method: "post",
  path: "/login",
  summary: "Staff login: email and password for a short-lived bearer token",
  request: {
    body: {
      content: {
        "application/json": { schema: z.object({ email: z.email(), password: z.string().max(256) }).strict() },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "A bearer token valid for 15 minutes",
      content: {
        "application/json": { schema: z.object({ token: z.string(), expiresAt: z.string(), user: userSchema }) },
      },
    },
    ...problemResponses,
  },
});

/**
 * The active user behind an email and password, with the login recorded; 401 for anything else,
 * the same answer (and the same time spent) whether the email exists or not. Failures are counted
 * per account: each attempt after a few waits twice as long as the last (429, Retry-After), and
 * enough of them lock the account (an audit row) until an owner lifts the lock.
 */
export async function signIn(c: Context<GatewayApp>, email: string, given: string): Promise<UserRow> {
  const db = createDb(c.env);
  await assertMayAttempt(db, email);
  const t = schema.users;
  const [row] = await db
    .select()
    .from(t)
    .where(eq(sql`lower(${t.email})`, email.toLowerCase()));
  const valid = await verifyPassword(given, row?.passwordHash ?? null);
  if (!row || !valid || !row.isActive) {
    const { locked } = await recordFailure(db, email);
    if (locked && row)
      await sharedAuditEntry(
        db,
        c.req.raw.headers,
        { kind: "system", apiKeyId: null, userId: null },
        {
          organizationId: row.organizationId,
          action: "user.locked",
          resource: "user",
          resourceId: row.id,
          details: { failures: lockAfterFailures },
        },
      );
    throw new ProblemError(
      "unauthenticated",
      "Wrong email or password.",
      {},
      { "www-authenticate": 'Bearer realm="frontdesk"' },
    );
  }
  await admitOrigin(c, row.organizationId);
  const [[updated]] = await db.batch([
    db.update(t).set({ lastLoginAt: new Date() }).where(eq(t.id, row.id)).returning(),
    clearFailures(db, email),
  ]);
  return updated ?? row;
}

export const auth = createApi<GatewayApp>().openapi(login, async (c) => {
  const { email, password: given } = c.req.valid("json");
  const user = await signIn(c, email, given);
  const session = await issueSession(c.env.FRONTDESK_SESSION_SECRET, user);
  return c.json({ ...session, user: toUser(user) }, 200);
});
