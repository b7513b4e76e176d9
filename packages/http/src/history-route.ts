import { createDb, type Database, type DatabaseBindings } from "@frontdesk/db";
import { createRoute } from "@hono/zod-openapi";
import type { ConfigApp } from "./config-resource.ts";
import { requireScope } from "./identity.ts";
import { idParam, notFoundResponse, problemResponses } from "./openapi-schemas.ts";
import type { Scope } from "./scopes.ts";
import * as z from "./zod.ts";

export interface History<Row> {
  summary: string;
  scope: Scope;
  /** One change as the API shows it (named for the OpenAPI document). */
  item: z.ZodObject;
  /** Throws a 404 unless the organization owns the record whose history is asked for. */
  find(db: Database, organizationId: string, id: string): Promise<unknown>;
  /** The record's changes, oldest first. */
  changes(db: Database, organizationId: string, id: string): Promise<Row[]>;
  view(row: Row): Record<string, unknown>;
}

/** `GET /{id}/history`: a record's changes, oldest first, for whoever may read the record. */
export function historyRoute<E extends DatabaseBindings, Row>(app: ConfigApp<E>, spec: History<Row>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/history",
      summary: spec.summary,
      security: [{ bearer: [] }],
      request: { params: idParam },
      responses: {
        200: {
          description: "The history",
          content: { "application/json": { schema: z.object({ data: z.array(spec.item) }) } },
        },
        404: notFoundResponse,
        ...problemResponses,
      },
    }),
    async (c) => {
      requireScope(c.var.identity, spec.scope);
      const db = createDb(c.env);
      const { id } = c.req.valid("param");
      const { organizationId } = c.var.identity;
      await spec.find(db, organizationId, id);
      const rows = await spec.changes(db, organizationId, id);
      return c.json({ data: rows.map(spec.view) }, 200);
    },
  );
}
