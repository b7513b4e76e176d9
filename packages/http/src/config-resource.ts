import { createDb, type DatabaseBindings, postgresErrorCode } from "@frontdesk/db";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { eq, InferSelectModel } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { actorOf } from "./actor.ts";
import { createApi } from "./app.ts";
import { auditEntry } from "./audit.ts";
import { type IdentityVariables, requireScope } from "./identity.ts";
import { newestFirstPage } from "./newest-first-page.ts";
import { idParam, notFoundResponse, problemResponses } from "./openapi-schemas.ts";
import { assertOwned, ownedBy } from "./owned.ts";
import { pageQuery, pageSchema } from "./pagination.ts";
import { ProblemError } from "./problem.ts";
import * as z from "./zod.ts";

type ConfigTable = PgTable & { id: PgColumn; organizationId: PgColumn; createdAt: PgColumn };

export type ConfigApp<E extends DatabaseBindings> = OpenAPIHono<{ Bindings: E; Variables: IdentityVariables }>;

export interface ConfigResource<T extends ConfigTable, E extends DatabaseBindings> {
  table: T;
  /** Singular, as the audit log and error messages name it ("knowledge entry"). */
  label: string;
  /** The audit log's resource name ("knowledge_entry"). */
  resource: string;
  /** The key a single item is returned under (`{ "entry": {...} }`). */
  key: string;
  view: z.ZodObject;
  toView(row: InferSelectModel<T>): Record<string, unknown>;
  createBody: z.ZodObject;
  updateBody: z.ZodObject;
  /** An optional filter for the list (`?category=`), from the list query's extra keys. */
  listQuery?: z.ZodObject;
  listFilter?: (table: T, query: Record<string, unknown>) => ReturnType<typeof eq> | undefined;
  /**
   * The stored values of a validated create or update body, when they are not the body itself
   * (credentials sealed, a key generated). `id` is the row's, new or existing.
   */
  prepare?: (
    env: E,
    body: Record<string, unknown>,
    row: { id: string; organizationId: string; creating: boolean },
  ) => Promise<Record<string, unknown>>;
  /** Work after a create or an update has been stored (the knowledge base embeds the entry). */
  afterWrite?: (env: E, row: InferSelectModel<T>) => Promise<void>;
  /** Work after a delete (a cache of the row dropped). */
  afterDelete?: (env: E, id: string) => Promise<void>;
  /** A database error the API should answer as a 4xx (a foreign key, a unique name). */
  refusal?: (code: string | undefined) => ProblemError | undefined;
}

const security = [{ bearer: [] }];

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? "an" : "a");

/** Runs a write batch, answering the resource's known constraint violations as problems. */
async function write<R>(run: () => Promise<R>, refusal?: (code: string | undefined) => ProblemError | undefined) {
  try {
    return await run();
  } catch (error) {
    const problem = refusal?.(postgresErrorCode(error));
    if (problem) throw problem;
    throw error;
  }
}

/**
 * List, get, create, update and delete for one of an organization's configuration tables (the
 * knowledge base, templates, stages, meeting types, agents, channels): tenant-scoped, cursor-paginated, validated, each write in
 * one batch with its audit row. Read needs config:read; writes need config:write.
 */
export function configRoutes<T extends ConfigTable, E extends DatabaseBindings>(
  app: ConfigApp<E>,
  spec: ConfigResource<T, E>,
): ConfigApp<E> {
  const { table, label, resource, view, key } = spec;
  const one = { content: { "application/json": { schema: z.object({ [key]: view }) } } };
  const notFound = () => new ProblemError("not-found", `No such ${label} in this organization.`);
  const listQuery = spec.listQuery ? pageQuery.extend(spec.listQuery.shape) : pageQuery;
  const toView = (row: unknown) => spec.toView(row as InferSelectModel<T>);
  const audit = (
    db: ReturnType<typeof createDb>,
    headers: Headers,
    identity: IdentityVariables["identity"],
    action: string,
    resourceId: string,
    details?: Record<string, unknown>,
  ) =>
    auditEntry(db, headers, actorOf(identity), {
      organizationId: identity.organizationId,
      action,
      resource,
      resourceId,
      details,
    });

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: `List ${label}s, newest first`,
      security,
      request: { query: listQuery },
      responses: {
        200: { description: `A page of ${label}s`, content: { "application/json": { schema: pageSchema(view) } } },
        ...problemResponses,
      },
    }),
    async (c) => {
      requireScope(c.var.identity, "config:read");
      const query = c.req.valid("query") as z.infer<typeof pageQuery> & Record<string, unknown>;
      const result = await newestFirstPage(
        createDb(c.env),
        table,
        c.var.identity.organizationId,
        query,
        {},
        spec.listFilter?.(table, query),
      );
      return c.json({ data: result.data.map(toView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      summary: `One ${label}`,
      security,
      request: { params: idParam },
      responses: { 200: { description: `The ${label}`, ...one }, 404: notFoundResponse, ...problemResponses },
    }),
    async (c) => {
      requireScope(c.var.identity, "config:read");
      const { id } = c.req.valid("param");
      const [row] = (await createDb(c.env)
        .select()
        .from(table as PgTable)
        .where(ownedBy(table, id, c.var.identity.organizationId))) as unknown[];
      if (!row) throw notFound();
      return c.json({ [key]: toView(row) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: `Create ${article(label)} ${label}`,
      security,
      request: { body: { content: { "application/json": { schema: spec.createBody } }, required: true } },
      responses: { 201: { description: `The ${label}`, ...one }, ...problemResponses },
    }),
    async (c) => {
      const identity = c.var.identity;
      requireScope(identity, "config:write");
      const body = c.req.valid("json") as Record<string, unknown>;
      const db = createDb(c.env);
      const id = crypto.randomUUID();
      const target = { id, organizationId: identity.organizationId, creating: true };
      const values = {
        ...((await spec.prepare?.(c.env, body, target)) ?? body),
        id,
        organizationId: target.organizationId,
      };
      const [[row]] = await write(
        () =>
          db.batch([
            db
              .insert(table)
              .values(values as T["$inferInsert"])
              .returning(),
            audit(db, c.req.raw.headers, identity, "create", id),
          ]),
        spec.refusal,
      );
      if (!row) throw new Error("insert returned no row");
      await spec.afterWrite?.(c.env, row as InferSelectModel<T>);
      return c.json({ [key]: toView(row) }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      summary: `Change ${article(label)} ${label}`,
      security,
      request: {
        params: idParam,
        body: { content: { "application/json": { schema: spec.updateBody } }, required: true },
      },
      responses: { 200: { description: `The ${label}`, ...one }, 404: notFoundResponse, ...problemResponses },
    }),
    async (c) => {
      const identity = c.var.identity;
      requireScope(identity, "config:write");
      const { id } = c.req.valid("param");
      const body = c.req.valid("json") as Record<string, unknown>;
      const db = createDb(c.env);
      await assertOwned(db, table, id, identity.organizationId, label);
      const target = { id, organizationId: identity.organizationId, creating: false };
      const changes = (await spec.prepare?.(c.env, body, target)) ?? body;
      const [updated] = await write(
        () =>
          db.batch([
            db
              .update(table)
              .set(changes as PgUpdateSetSource<T>)
              .where(ownedBy(table, id, identity.organizationId))
              .returning(),
            audit(db, c.req.raw.headers, identity, "update", id, { fields: Object.keys(body) }),
          ]),
        spec.refusal,
      );
      const [row] = updated as unknown[];
      if (!row) throw notFound();
      await spec.afterWrite?.(c.env, row as InferSelectModel<T>);
      return c.json({ [key]: toView(row) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: `Delete ${article(label)} ${label}`,
      security,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, 404: notFoundResponse, ...problemResponses },
    }),
    async (c) => {
      const identity = c.var.identity;
      requireScope(identity, "config:write");
      const { id } = c.req.valid("param");
      const db = createDb(c.env);
      await assertOwned(db, table, id, identity.organizationId, label);
      const batch: [BatchItem<"pg">, BatchItem<"pg">] = [
        db.delete(table).where(ownedBy(table, id, identity.organizationId)),
        audit(db, c.req.raw.headers, identity, "delete", id),
      ];
      await write(() => db.batch(batch), spec.refusal);
      await spec.afterDelete?.(c.env, id);
      return c.body(null, 204);
    },
  );
  return app;
}

/** A fresh app for one resource's routes. */
export const configApp = <E extends DatabaseBindings>(): ConfigApp<E> =>
  createApi<{ Bindings: E; Variables: IdentityVariables }>();
