import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  createApi,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ProblemError,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { staffAuthor } from "../conversations/staff-author.ts";
import type { ChatEnv } from "../env.ts";
import type { NoteView } from "../presence/inbox-events.ts";
import { activeSessions } from "../presence/stubs.ts";

const noteSchema = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    authorUserId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    content: z.string(),
    createdAt: z.string(),
  })
  .openapi("ConversationNote");

const security = [{ bearer: [] }];

const list = createRoute({
  method: "get",
  path: "/{id}/notes",
  summary: "The conversation's private notes, oldest first (staff only; never sent to the customer)",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "The notes",
      content: { "application/json": { schema: z.object({ data: z.array(noteSchema) }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const create = createRoute({
  method: "post",
  path: "/{id}/notes",
  summary: "Write a private note on the conversation, for the team only",
  description: "Stored apart from the messages: no channel, widget or transcript ever carries it to the customer.",
  security,
  request: {
    params: idParam,
    body: {
      content: {
        "application/json": { schema: z.object({ content: z.string().trim().min(1).max(4000) }).strict() },
      },
      required: true,
    },
  },
  responses: {
    201: { description: "The note", content: { "application/json": { schema: z.object({ note: noteSchema }) } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});

type NoteRow = typeof schema.conversationNotes.$inferSelect;
const toNote = (row: NoteRow): NoteView => ({
  id: row.id,
  conversationId: row.conversationId,
  authorUserId: row.authorUserId,
  authorName: row.authorName,
  content: row.content,
  createdAt: row.createdAt.toISOString(),
});
const notFound = () => new ProblemError("not-found", "No such conversation in this organization.");

/** `/v1/conversations/{id}/notes`: what staff write to each other about a conversation. */
export const notes = createApi<{ Bindings: ChatEnv; Variables: IdentityVariables }>()
  .openapi(list, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    const t = schema.conversationNotes;
    const conversation = schema.conversations;
    const [owned, rows] = await db.batch([
      db
        .select({ id: conversation.id })
        .from(conversation)
        .where(and(eq(conversation.organizationId, identity.organizationId), eq(conversation.id, id))),
      db
        .select()
        .from(t)
        .where(and(eq(t.organizationId, identity.organizationId), eq(t.conversationId, id)))
        .orderBy(asc(t.createdAt), asc(t.id)),
    ]);
    if (owned.length === 0) throw notFound();
    return c.json({ data: rows.map(toNote) }, 200);
  })
  .openapi(create, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:write");
    const { id } = c.req.valid("param");
    const { content } = c.req.valid("json");
    const author = await staffAuthor(c.env, identity);
    const db = createDb(c.env);
    const noteId = crypto.randomUUID();
    const t = schema.conversationNotes;
    let row: NoteRow | undefined;
    try {
      [[row]] = await db.batch([
        db
          .insert(t)
          .values({
            id: noteId,
            organizationId: identity.organizationId,
            conversationId: id,
            authorUserId: author.userId,
            authorName: author.name,
            content,
          })
          .returning(),
        auditEntry(db, c.req.raw.headers, actorOf(identity), {
          organizationId: identity.organizationId,
          action: "note.create",
          resource: "conversation",
          resourceId: id,
          details: { noteId },
        }),
      ]);
    } catch (error) {
      // The note's conversation is (organization, id): another tenant's conversation is not found.
      if (postgresErrorCode(error) === "23503") throw notFound();
      throw error;
    }
    if (!row) throw new Error("note insert returned no row");
    const note = toNote(row);
    await activeSessions(c.env, identity.organizationId).publish({ type: "note", note });
    return c.json({ note }, 201);
  });
