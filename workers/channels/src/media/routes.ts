import { createApi, type IdentityVariables, ProblemError, problemResponses, requireScope } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import type { ChannelsEnv } from "../env.ts";
import { signedPath, verifySignedPath } from "./signed-url.ts";

const notFound = () => new ProblemError("not-found", "No such attachment.");
const part = z.string().regex(/^[0-9a-f-]{36}$/);

const open = createRoute({
  method: "get",
  path: "/{channelId}/{objectId}",
  summary: "A customer's attachment: redirects to a signed link valid for 5 minutes",
  description:
    "The message API's `media.url`. Answers `302` to `/media/…?expires&signature` (usable in an `<img>` without credentials), or the link as JSON when `Accept: application/json`.",
  security: [{ bearer: [] }],
  request: { params: z.object({ channelId: part, objectId: part }) },
  responses: {
    200: {
      description: "The signed link",
      content: { "application/json": { schema: z.object({ url: z.string(), expiresAt: z.string() }) } },
    },
    302: { description: "Redirect to the signed link" },
    ...problemResponses,
  },
});

/**
 * `/v1/attachments`: staff open an attachment through the API (their organization is part of the
 * key, so another tenant's attachment is simply not there) and get a short-lived signed link.
 */
export const attachments = createApi<{ Bindings: ChannelsEnv; Variables: IdentityVariables }>().openapi(
  open,
  async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "conversations:read");
    const { channelId, objectId } = c.req.valid("param");
    const key = `${identity.organizationId}/${channelId}/${objectId}`;
    if (!(await c.env.ATTACHMENTS.head(key))) throw notFound();
    const { path, expiresAt } = await signedPath(c.env, key);
    if (c.req.header("accept")?.includes("application/json")) return c.json({ url: path, expiresAt }, 200);
    return c.redirect(path, 302) as never;
  },
);

/**
 * `/media/…`: the signed link itself, public (the signature is the credential). Served as a
 * download-safe file: its sniffed type, no sniffing by the browser, and a sandbox so that an HTML
 * or SVG file cannot run script on our origin.
 */
export const media = createApi<{ Bindings: ChannelsEnv }>().get("/:organizationId/:channelId/:objectId", async (c) => {
  const key = `${c.req.param("organizationId")}/${c.req.param("channelId")}/${c.req.param("objectId")}`;
  if (!(await verifySignedPath(c.env, key, c.req.query("expires"), c.req.query("signature")))) {
    throw new ProblemError("forbidden", "The link is not valid or has expired; open the attachment again.");
  }
  const object = await c.env.ATTACHMENTS.get(key);
  if (!object) throw notFound();
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("content-length", String(object.size));
  headers.set("cache-control", "private, max-age=300");
  headers.set("x-content-type-options", "nosniff");
  headers.set("content-security-policy", "sandbox; default-src 'none'");
  return new Response(object.body, { headers });
});
