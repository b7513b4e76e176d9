import { createDb, schema } from "@frontdesk/db";
import {
  actorOf,
  assertOwned,
  auditEntry,
  createApi,
  decryptCredentials,
  encryptCredentials,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ownedBy,
  ProblemError,
  problemResponses,
  randomToken,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { forgetChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";

const rotate = createRoute({
  method: "post",
  path: "/{id}/identity-secret",
  summary: "Create or replace a web channel's identity secret (shown once) for verifying visitors' userHash",
  description:
    "Your server signs each signed-in user's id: `userHash = HMAC-SHA256(identitySecret, userId)` as hex, and the page passes `userId` and `userHash` to the widget. The secret is stored sealed and never shown again; rotating it invalidates every hash made with the old one.",
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: {
      description: "The new secret",
      content: { "application/json": { schema: z.object({ identitySecret: z.string() }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});

/** `/v1/channels/{id}/identity-secret`: identity verification for a web channel's widget. */
export const identitySecret = createApi<{ Bindings: ChannelsEnv; Variables: IdentityVariables }>().openapi(
  rotate,
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    const t = schema.channels;
    await assertOwned(db, t, id, identity.organizationId, "channel");
    const [row] = await db
      .select({ type: t.type, sealed: t.credentialsCiphertext })
      .from(t)
      .where(ownedBy(t, id, identity.organizationId));
    if (row?.type !== "web") throw new ProblemError("validation-failed", "Only web channels verify visitors.");
    const context = `${identity.organizationId}:${id}`;
    const current = row.sealed ? await decryptCredentials(row.sealed, c.env.FRONTDESK_ENCRYPTION_KEY, context) : {};
    const secret = randomToken(48);
    const sealed = await encryptCredentials(
      { ...current, identitySecret: secret },
      c.env.FRONTDESK_ENCRYPTION_KEY,
      context,
    );
    await db.batch([
      db
        .update(t)
        .set({ credentialsCiphertext: sealed })
        .where(ownedBy(t, id, identity.organizationId)),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId: identity.organizationId,
        action: "channel.identity_secret_rotated",
        resource: "channel",
        resourceId: id,
      }),
    ]);
    forgetChannel(id);
    return c.json({ identitySecret: secret }, 200);
  },
);
