import { createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  createApi,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ownedBy,
  ProblemError,
  problemResponses,
  requireScope,
  sha256Hex,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, gte, isNull } from "drizzle-orm";
import { feedTokenPattern, newFeedToken } from "../calendar/feed-token.ts";
import { bookingsCalendar } from "../calendar/ics.ts";
import type { BookingsEnv } from "../env.ts";

const security = [{ bearer: [] }];
const feedSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    tokenPrefix: z.string(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("CalendarFeed");
type FeedRow = typeof schema.calendarFeeds.$inferSelect;
const toFeed = (row: FeedRow) => ({
  id: row.id,
  name: row.name,
  tokenPrefix: row.tokenPrefix,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

const app = createApi<{ Bindings: BookingsEnv; Variables: IdentityVariables }>();

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create a secret iCalendar feed URL of the organization's bookings (shown once)",
    security,
    request: {
      body: {
        content: { "application/json": { schema: z.object({ name: z.string().trim().min(1).max(200) }).strict() } },
        required: true,
      },
    },
    responses: {
      201: {
        description: "The feed and its URL; the URL is the secret and is not shown again",
        content: { "application/json": { schema: z.object({ feed: feedSchema, url: z.string() }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { name } = c.req.valid("json");
    const db = createDb(c.env);
    const token = await newFeedToken();
    const id = crypto.randomUUID();
    const [[row]] = await db.batch([
      db
        .insert(schema.calendarFeeds)
        .values({ id, organizationId: identity.organizationId, name, tokenHash: token.hash, tokenPrefix: token.prefix })
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId: identity.organizationId,
        action: "create",
        resource: "calendar_feed",
        resourceId: id,
      }),
    ]);
    if (!row) throw new Error("insert returned no row");
    const origin = new URL(c.req.url).origin;
    return c.json({ feed: toFeed(row), url: `${origin}/calendar/${token.token}.ics` }, 201);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The organization's calendar feeds (without their secret URLs)",
    security,
    responses: {
      200: {
        description: "Feeds",
        content: { "application/json": { schema: z.object({ data: z.array(feedSchema) }) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    requireScope(c.var.identity, "config:read");
    const f = schema.calendarFeeds;
    const rows = await createDb(c.env)
      .select()
      .from(f)
      .where(eq(f.organizationId, c.var.identity.organizationId))
      .orderBy(desc(f.createdAt))
      .limit(100);
    return c.json({ data: rows.map(toFeed) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Revoke a feed: its URL stops working at once",
    security,
    request: { params: idParam },
    responses: { 204: { description: "Revoked" }, 404: notFoundResponse, ...problemResponses },
  }),
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    const f = schema.calendarFeeds;
    const [[revoked]] = await db.batch([
      db
        .update(f)
        .set({ revokedAt: new Date() })
        .where(and(ownedBy(f, id, identity.organizationId), isNull(f.revokedAt)))
        .returning({ id: f.id }),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId: identity.organizationId,
        action: "revoke",
        resource: "calendar_feed",
        resourceId: id,
      }),
    ]);
    if (!revoked) throw new ProblemError("not-found", "No such active calendar feed in this organization.");
    return c.body(null, 204);
  },
);

export const calendarFeeds = app;

const feedWindowDays = 90;

/**
 * `GET /calendar/{token}.ics`: the public feed a calendar app subscribes to. The token is the only
 * credential (as with every calendar subscription URL); an unknown or revoked one is a plain 404.
 */
export const calendarFile = createApi<{ Bindings: BookingsEnv }>().get("/:file", async (c) => {
  const token = c.req.param("file").replace(/\.ics$/, "");
  const notFound = () => new ProblemError("not-found", "No such calendar feed.");
  if (!feedTokenPattern.test(token)) throw notFound();
  const db = createDb(c.env);
  const f = schema.calendarFeeds;
  const [feed] = await db
    .select({ organizationId: f.organizationId, name: schema.organizations.name })
    .from(f)
    .innerJoin(schema.organizations, eq(schema.organizations.id, f.organizationId))
    .where(and(eq(f.tokenHash, await sha256Hex(token)), isNull(f.revokedAt)));
  if (!feed) throw notFound();
  const b = schema.bookings;
  const rows = await db
    .select()
    .from(b)
    .where(
      and(eq(b.organizationId, feed.organizationId), gte(b.endsAt, new Date(Date.now() - feedWindowDays * 86_400_000))),
    )
    .orderBy(b.startsAt)
    .limit(5_000);
  return c.body(bookingsCalendar(feed.name, rows), 200, {
    "content-type": "text/calendar; charset=utf-8",
    "cache-control": "private, max-age=300",
  });
});
