import { escapeLike, schema } from "@frontdesk/db";
import { configApp, configRoutes } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { ilike, or } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";

const cannedResponseSchema = z
  .object({
    id: z.uuid(),
    shortcut: z.string().openapi({ example: "opening-hours" }),
    title: z.string(),
    content: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CannedResponse");

const fields = {
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "letters, digits, - and _ (at most 40), as typed after /"),
  title: z.string().trim().min(1).max(120),
  content: z.string().trim().min(1).max(4000),
};

type CannedResponseRow = typeof schema.cannedResponses.$inferSelect;

/**
 * Canned responses (`/v1/canned-responses`): the organization's saved replies, which agents insert
 * in the inbox by typing `/` and the shortcut. Agents read them; admins write them. A shortcut is
 * unique in its organization (409).
 */
export const cannedResponses = configRoutes(configApp<ChatEnv>(), {
  table: schema.cannedResponses,
  label: "canned response",
  resource: "canned_response",
  key: "cannedResponse",
  view: cannedResponseSchema,
  toView: (row: CannedResponseRow) => ({
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
  createBody: z.object(fields).strict(),
  updateBody: z.object(fields).partial().strict(),
  listQuery: z.object({ q: z.string().trim().min(1).max(100).optional() }),
  listFilter: (t, query) =>
    typeof query.q === "string"
      ? or(ilike(t.shortcut, `${escapeLike(query.q)}%`), ilike(t.title, `%${escapeLike(query.q)}%`))
      : undefined,
});
