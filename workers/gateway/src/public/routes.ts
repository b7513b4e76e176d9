import { createApi, ProblemError } from "@frontdesk/http";
import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { GatewayApp } from "../app-env.ts";
import { type CorsPolicy, corsHeaders, isAllowedOrigin } from "../cors/cors.ts";
import { principalRateLimit } from "../rate-limit/middleware.ts";
import { type PublicChannel, resolvePublicChannel } from "./resolve-channel.ts";

const keyParam = z.string().regex(/^fdp_[A-Za-z0-9]{24}$/);

const publicCors: CorsPolicy = { methods: "GET, POST, OPTIONS", requestHeaders: "Content-Type, X-Request-Id" };

/**
 * Resolves the publishable key in the path to its web channel, enforces the channel's allowed
 * origins (CORS, preflight included: the key is in the path, so a preflight can be answered), and
 * sets a public principal that no management route accepts.
 */
const publicChannel = () =>
  createMiddleware<GatewayApp & { Variables: { channel: PublicChannel } }>(async (c, next) => {
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
    if (origin)
      for (const [name, value] of Object.entries(corsHeaders(origin, publicCors))) c.res.headers.set(name, value);
  });

const info = createRoute({
  method: "get",
  path: "/channel",
  summary: "What a chat widget shows before the first message: the channel's name and greeting",
  request: {
    params: z.object({ publishableKey: keyParam.openapi({ param: { name: "publishableKey", in: "path" } }) }),
  },
  responses: {
    200: {
      description: "The channel's public face",
      content: { "application/json": { schema: z.object({ name: z.string(), greeting: z.string().nullable() }) } },
    },
  },
});

/** Customer-facing routes for browsers, under /v1/public/{publishableKey}; rate-limited per IP and organization. */
export const publicRoutes = createApi<GatewayApp & { Variables: { channel: PublicChannel } }>();
publicRoutes.use("*", publicChannel());
publicRoutes.use("*", principalRateLimit());
publicRoutes.openapi(info, (c) => c.json({ name: c.var.channel.name, greeting: c.var.channel.greeting }, 200));
