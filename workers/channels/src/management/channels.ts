import { messageTemplate } from "@frontdesk/contracts/channel-outbound";
import { httpUrlMessage, isHttpUrl } from "@frontdesk/contracts/links";
import { webChannelConfig } from "@frontdesk/contracts/web-channel";
import { createDb, schema } from "@frontdesk/db";
import { channelTypes } from "@frontdesk/db/schema";
import {
  configApp,
  configRoutes,
  encryptCredentials,
  generatePublishableKey,
  originSchema,
  ownedBy,
  ProblemError,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { forgetChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";
import { claimAddress } from "./address-verification.ts";

const channelSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(channelTypes),
    name: z.string(),
    provider: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    hasCredentials: z.boolean().openapi({ description: "Credentials are stored encrypted and never returned." }),
    webhookUrl: z.string().nullable(),
    isActive: z.boolean(),
    publishableKey: z
      .string()
      .nullable()
      .openapi({ description: "Web channels: the key the chat widget uses (public, not a secret)." }),
    allowedOrigins: z
      .array(z.string())
      .openapi({ description: "Web origins allowed to call the public API with the publishable key." }),
    projectId: z
      .uuid()
      .nullable()
      .openapi({ description: "The project (assistant) whose conversations this channel's are." }),
    addressVerified: z.boolean().nullable().openapi({
      description:
        "Email channels: whether the organization proved it controls `config.address` (see /v1/channels/{id}/address-verification); mail reaches the channel only then. Null for other channels.",
    }),
    createdAt: z.string(),
  })
  .openapi("Channel");

const credentials = z
  .record(z.string().max(100), z.string().max(4096))
  .openapi({ description: "Provider secrets (tokens, app secrets)." });

const createBody = z
  .object({
    type: z.enum(channelTypes),
    name: z.string().trim().min(1).max(100),
    provider: z.string().max(100).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    credentials: credentials.optional(),
    webhookUrl: z.url().refine(isHttpUrl, httpUrlMessage).optional(),
    isActive: z.boolean().default(true),
    allowedOrigins: z.array(originSchema).max(20).default([]),
    projectId: z.uuid().nullable().optional(),
  })
  .strict();

// Spelled out rather than derived from createBody: its defaults must not reset fields a PATCH omits.
const updateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    provider: z.string().max(100),
    config: z.record(z.string(), z.unknown()),
    credentials,
    webhookUrl: z.url().refine(isHttpUrl, httpUrlMessage),
    isActive: z.boolean(),
    allowedOrigins: z.array(originSchema).max(20),
    projectId: z.uuid().nullable(),
  })
  .partial()
  .strict();

type ChannelRow = typeof schema.channels.$inferSelect;

/** Whether the channel being written is a web channel (a widget's config is checked field by field). */
async function isWebChannel(
  env: ChannelsEnv,
  body: Record<string, unknown>,
  row: { id: string; organizationId: string; creating: boolean },
): Promise<boolean> {
  if (row.creating) return body.type === "web";
  const t = schema.channels;
  const [stored] = await createDb(env)
    .select({ type: t.type })
    .from(t)
    .where(ownedBy(t, row.id, row.organizationId));
  return stored?.type === "web";
}

function toChannel(row: ChannelRow): z.infer<typeof channelSchema> {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    provider: row.provider,
    config: row.config,
    hasCredentials: row.credentialsCiphertext !== null,
    webhookUrl: row.webhookUrl,
    isActive: row.isActive,
    publishableKey: row.publishableKey,
    allowedOrigins: row.allowedOrigins,
    projectId: row.projectId,
    addressVerified: row.type === "email" ? row.addressVerifiedAt !== null : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * `/v1/channels`: where customers write from. Credentials are sealed with AES-GCM (bound to the
 * organization and channel) and never returned; a web channel gets a publishable key.
 */
export const channels = configRoutes(configApp<ChannelsEnv>(), {
  table: schema.channels,
  label: "channel",
  resource: "channel",
  key: "channel",
  view: channelSchema,
  toView: toChannel,
  createBody,
  updateBody,
  afterWrite: async (env, row) => {
    forgetChannel(row.id);
    await claimAddress(env, row);
  },
  afterDelete: async (_env, id) => forgetChannel(id),
  async prepare(env, body, row) {
    const { credentials: secrets, ...fields } = body;
    if (fields.config !== undefined && (await isWebChannel(env, body, row))) {
      const parsed = webChannelConfig.safeParse(fields.config);
      if (!parsed.success)
        throw new ProblemError("validation-failed", `config: ${z.prettifyError(parsed.error)}`, {
          errors: parsed.error.issues.map((issue) => ({ path: ["config", ...issue.path], message: issue.message })),
        });
    }
    const config = z.record(z.string(), z.unknown()).safeParse(fields.config).data;
    if (config?.templates !== undefined) {
      const templates = z.array(messageTemplate).max(250).safeParse(config.templates);
      if (!templates.success)
        throw new ProblemError("validation-failed", `config.templates: ${z.prettifyError(templates.error)}`);
    }
    const sealed = secrets
      ? await encryptCredentials(
          z.record(z.string(), z.string()).parse(secrets),
          env.FRONTDESK_ENCRYPTION_KEY,
          `${row.organizationId}:${row.id}`,
        )
      : undefined;
    return {
      ...fields,
      ...(sealed ? { credentialsCiphertext: sealed } : {}),
      ...(row.creating ? { publishableKey: fields.type === "web" ? generatePublishableKey() : null } : {}),
    };
  },
  // The project is another organization's, or none: refused like an unknown one.
  refusal: (code) =>
    code === "23503"
      ? new ProblemError("validation-failed", "The project named is not in this organization.")
      : undefined,
});
