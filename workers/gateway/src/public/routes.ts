import { attribution } from "@frontdesk/contracts/attribution";
import { chatContract, visitorPage, visitorProfile } from "@frontdesk/contracts/chat";
import { isOpenAt, isVisitorUploadPath, visitorUploadMaxBodyBytes } from "@frontdesk/contracts/web-channel";
import { createApi, ProblemError, problemResponses, rpcClient, valueOrThrow } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { GatewayApp } from "../app-env.ts";
import { type CorsPolicy, corsHeaders, isAllowedOrigin } from "../cors/cors.ts";
import { forwardAsCaller } from "../forward.ts";
import { consume, principalRateLimit } from "../rate-limit/middleware.ts";
import { verifyUserHash } from "./identity-hash.ts";
import { identitySecretOf, type PublicChannel, resolvePublicChannel } from "./resolve-channel.ts";
import { isRevoked } from "./visitor-revocation.ts";
import { issueVisitorToken, presentedVisitorToken, readVisitorToken, type VisitorClaims } from "./visitor-token.ts";

type PublicApp = GatewayApp;

/** The channel the publishable key named (set by the first middleware of these routes). */
function channelOf(c: Context<PublicApp>): PublicChannel {
  const channel = c.var.channel;
  if (!channel) throw new Error("public routes run after publicChannel()");
  return channel;
}

const keyParam = z.string().regex(/^fdp_[A-Za-z0-9]{24}$/);
const params = z.object({ publishableKey: keyParam.openapi({ param: { name: "publishableKey", in: "path" } }) });

const publicCors: CorsPolicy = {
  methods: "GET, POST, PUT, DELETE, OPTIONS",
  requestHeaders: "Content-Type, Authorization, X-Request-Id",
};

/**
 * Resolves the publishable key in the path to its web channel, enforces the channel's allowed
 * origins (CORS, preflight included: the key is in the path, so a preflight can be answered), and
 * sets a public principal that no management route accepts.
 */
const publicChannel = () =>
  createMiddleware<PublicApp>(async (c, next) => {
    const key = c.req.param("publishableKey") ?? "";
    const channel = keyParam.safeParse(key).success ? await resolvePublicChannel(c.env, key) : undefined;
    if (!channel?.isActive) throw new ProblemError("not-found", "Unknown or inactive channel key.");
    const origin = c.req.header("origin");
    if (origin !== undefined && !isAllowedOrigin(origin, channel.allowedOrigins))
      throw new ProblemError("origin-not-allowed", `The origin ${origin} is not allowed for this channel.`);
    if (c.req.method === "OPTIONS") return c.body(null, 204, origin ? corsHeaders(origin, publicCors) : {});
    c.set("principal", {
      kind: "public",
      organizationId: channel.organizationId,
      channelId: channel.channelId,
      scopes: [],
    });
    c.set("channel", channel);
    await next();
    // An accepted WebSocket carries no CORS headers (browsers do not ask for them).
    if (origin && c.res.status !== 101)
      for (const [name, value] of Object.entries(corsHeaders(origin, publicCors))) c.res.headers.set(name, value);
  });

const widgetSettings = z
  .object({
    name: z.string(),
    greeting: z.string().nullable(),
    brandColor: z.string(),
    position: z.enum(["right", "left"]),
    locale: z.enum(["auto", "en", "de"]),
    online: z.boolean().openapi({ description: "Inside the channel's business hours (always, without hours)." }),
    offlineMessage: z.string(),
    preChatForm: z.object({
      enabled: z.boolean(),
      name: z.enum(["off", "optional", "required"]),
      email: z.enum(["off", "optional", "required"]),
      consentText: z.string().nullable(),
    }),
    maxMessageLength: z.number().int(),
    identityVerification: z
      .boolean()
      .openapi({ description: "Whether pages may pass userId and userHash (the channel has an identity secret)." }),
  })
  .openapi("WidgetSettings");

const info = createRoute({
  method: "get",
  path: "/{publishableKey}/channel",
  summary: "What a chat widget shows before the first message: name, greeting, colours, form, opening state",
  request: { params },
  responses: {
    200: { description: "The channel's public face", content: { "application/json": { schema: widgetSettings } } },
    ...problemResponses,
  },
});

const startBody = z
  .object({
    userId: z.string().trim().min(1).max(200).optional().openapi({ description: "The business's own user id." }),
    userHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .optional()
      .openapi({ description: "Hex HMAC-SHA256 of userId under the channel's identity secret." }),
    page: visitorPage.optional(),
    attribution: attribution.optional(),
  })
  .extend(visitorProfile.shape)
  .strict();

const session = z
  .object({
    token: z
      .string()
      .openapi({ description: "The visitor token: keep it (localStorage) and send it as a bearer token." }),
    expiresAt: z.string(),
    visitorId: z.uuid(),
    conversation: z.object({ id: z.uuid(), created: z.boolean() }),
  })
  .openapi("VisitorSession");

const start = createRoute({
  method: "post",
  path: "/{publishableKey}/conversations",
  summary: "A visitor opens the chat: their open conversation, or a new one, and a visitor token",
  description:
    "Send the visitor token you hold (Authorization: Bearer) to come back as the same visitor: the open conversation is picked up again, or a new one starts for the same customer. New conversations per IP are limited by the channel (`limits.conversationsPerIp` per `limits.conversationWindowSeconds`).",
  security: [{ visitorToken: [] }],
  request: { params, body: { content: { "application/json": { schema: startBody } }, required: true } },
  responses: {
    200: {
      description: "The visitor's open conversation, picked up again",
      content: { "application/json": { schema: session } },
    },
    201: { description: "A new conversation", content: { "application/json": { schema: session } } },
    ...problemResponses,
  },
});

const clientIp = (c: Context<GatewayApp>) => c.req.header("cf-connecting-ip") ?? "local";

/** The visitor token a request presents, if it is a valid one of this channel and not revoked. */
async function presentedVisitor(c: Context<PublicApp>): Promise<VisitorClaims | undefined> {
  const token = presentedVisitorToken(c.req.raw);
  const visitor = token && (await readVisitorToken(c.env.FRONTDESK_SESSION_SECRET, token, channelOf(c).channelId));
  return visitor && !(await isRevoked(c.env, visitor)) ? visitor : undefined;
}

/**
 * The visitor's own conversation routes need their visitor token; a visitor's messages meet the
 * channel's per-visitor budget. The chat worker serves them (its OpenAPI document describes them).
 */
const requireVisitor = () =>
  createMiddleware<PublicApp>(async (c, next) => {
    const visitor = await presentedVisitor(c);
    if (!visitor) throw new ProblemError("unauthenticated", "Send a valid visitor token of this channel.");
    c.set("principal", {
      kind: "visitor",
      organizationId: visitor.organizationId,
      channelId: visitor.channelId,
      customerId: visitor.customerId,
      conversationId: visitor.conversationId,
      visitorId: visitor.visitorId,
      expiresAt: visitor.expiresAt,
      scopes: [],
    });
    if (c.req.method === "POST") {
      const { limits } = channelOf(c).config;
      await consume(c, [
        [
          `visitor-messages:${visitor.visitorId}`,
          { name: "visitor_messages", limit: limits.messagesPerVisitorPerMinute, windowSeconds: 60 },
        ],
      ]);
    }
    await next();
  });

/** Customer-facing routes for browsers, under /v1/public/{publishableKey}/…; rate-limited per IP and organization. */
export const publicRoutes = createApi<PublicApp>({
  bodyRules: (path) =>
    isVisitorUploadPath(path) ? { maxBytes: visitorUploadMaxBodyBytes, anyMediaType: true } : undefined,
});
publicRoutes.use("/:publishableKey/*", publicChannel());
publicRoutes.use("/:publishableKey/*", principalRateLimit());
publicRoutes.openapi(info, async (c) => {
  const { name, config, sealedCredentials } = channelOf(c);
  return c.json(
    {
      name,
      greeting: config.greeting,
      brandColor: config.brandColor,
      position: config.position,
      locale: config.locale,
      online: isOpenAt(config.businessHours, new Date()),
      offlineMessage: config.offlineMessage,
      preChatForm: config.preChatForm,
      maxMessageLength: config.limits.maxMessageLength,
      identityVerification: sealedCredentials !== null,
    },
    200,
  );
});
publicRoutes.openapi(start, async (c) => {
  const channel = channelOf(c);
  const body = c.req.valid("json");
  if ((body.userId === undefined) !== (body.userHash === undefined))
    throw new ProblemError("validation-failed", "userId and userHash come together.");
  if (body.userId !== undefined && body.userHash !== undefined)
    await verifyUserHash(await identitySecretOf(c.env, channel), body.userId, body.userHash);
  const verifiedUserId = body.userId ?? null;
  const known = await presentedVisitor(c);
  // A browser keeps its visitor id while the same person (or nobody) is signed in to the site;
  // another user on the same browser is another visitor.
  const returning = known && known.verifiedUserId === verifiedUserId ? known : undefined;
  if (!returning) {
    const { limits } = channel.config;
    await consume(c, [
      [
        `visitor-start:${channel.channelId}:${clientIp(c)}`,
        {
          name: "new_conversations",
          limit: limits.conversationsPerIp,
          windowSeconds: limits.conversationWindowSeconds,
        },
      ],
    ]);
  }
  const visitorId = returning?.visitorId ?? crypto.randomUUID();
  const visit = valueOrThrow(
    await rpcClient(chatContract, c.env.CHAT).startVisit({
      organizationId: channel.organizationId,
      channelId: channel.channelId,
      visitorId,
      verifiedUserId,
      profile: {
        ...(body.name ? { name: body.name } : {}),
        ...(body.email ? { email: body.email } : {}),
        ...(body.consent === undefined ? {} : { consent: body.consent }),
      },
      ...(body.page ? { page: body.page } : {}),
      ...(body.attribution ? { attribution: body.attribution } : {}),
    }),
  );
  const token = await issueVisitorToken(c.env.FRONTDESK_SESSION_SECRET, {
    organizationId: channel.organizationId,
    channelId: channel.channelId,
    customerId: visit.customerId,
    conversationId: visit.conversationId,
    visitorId,
    verifiedUserId,
  });
  return c.json(
    { ...token, visitorId, conversation: { id: visit.conversationId, created: visit.created } },
    visit.created ? 201 : 200,
  );
});
publicRoutes.use("/:publishableKey/conversation", requireVisitor());
publicRoutes.use("/:publishableKey/conversation/*", requireVisitor());
// A visitor's file goes to the channels worker, which stores attachments (and hands the message to chat).
publicRoutes.post("/:publishableKey/conversation/attachments", (c) => forwardAsCaller(c, c.env.CHANNELS));
publicRoutes.all("/:publishableKey/conversation", (c) => forwardAsCaller(c, c.env.CHAT));
publicRoutes.all("/:publishableKey/conversation/*", (c) => forwardAsCaller(c, c.env.CHAT));
