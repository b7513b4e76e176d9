import { chatContract } from "@frontdesk/contracts/chat";
import { readWebChannelConfig, visitorUploadMaxBodyBytes } from "@frontdesk/contracts/web-channel";
import {
  createApi,
  type IdentityVariables,
  ProblemError,
  problemResponses,
  rpcClient,
  valueOrThrow,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { loadChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";
import { maxAttachmentBytes, sniffType, storeAttachment } from "./store.ts";

/**
 * What a visitor may send from the widget: pictures, voice notes and video, and the documents a
 * customer shows a business (PDF, text, office files). Judged by the bytes, not the name.
 */
export function isWelcomeUpload(type: string): boolean {
  return (
    /^(image|audio|video)\//.test(type) ||
    type === "application/pdf" ||
    type === "text/plain" ||
    type === "text/csv" ||
    type === "application/rtf" ||
    type === "application/msword" ||
    type === "application/vnd.ms-excel" ||
    type.startsWith("application/vnd.openxmlformats-officedocument.") ||
    type.startsWith("application/vnd.oasis.opendocument.")
  );
}

const uploadForm = z.object({
  file: z
    .instanceof(File)
    .openapi({ type: "string", format: "binary", description: "The file (its type is read from its bytes)." }),
  content: z.string().max(8000).optional().openapi({ description: "A caption, answered like a message." }),
});

const visitorTurnSchema = chatContract.receiveVisitorAttachment.output;

const upload = createRoute({
  method: "post",
  path: "/{publishableKey}/conversation/attachments",
  summary: "The visitor sends a file (with an optional caption) into their conversation",
  description:
    "A `multipart/form-data` upload with `file` and an optional `content`. Pictures, audio, video, PDF, text and office documents up to the channel worker's `ATTACHMENT_MAX_BYTES` (16 MiB); anything else is `415`, anything larger `413`. The file is stored for staff (signed links); the assistant says it cannot open it and a person takes over, or answers the caption and says so. Counts against the visitor's message budget.",
  security: [{ visitorToken: [] }],
  request: {
    params: z.object({
      publishableKey: z
        .string()
        .regex(/^fdp_[A-Za-z0-9]{24}$/)
        .openapi({ param: { name: "publishableKey", in: "path" } }),
    }),
    body: { content: { "multipart/form-data": { schema: uploadForm } }, required: true },
  },
  responses: {
    200: {
      description: "The visitor's message (with its attachment) and the assistant's reply",
      content: { "application/json": { schema: visitorTurnSchema } },
    },
    ...problemResponses,
  },
});

/**
 * `/v1/public/{publishableKey}/conversation/attachments`: a website visitor's file. The gateway
 * checked the visitor token and the message budget; this stores the file in R2 under the channel
 * and hands the message to the chat worker. A message that cannot be taken leaves no file behind.
 */
export const visitorUploads = createApi<{ Bindings: ChannelsEnv; Variables: IdentityVariables }>({
  bodyRules: () => ({ maxBytes: visitorUploadMaxBodyBytes, anyMediaType: true }),
}).openapi(upload, async (c) => {
  const identity = c.var.identity;
  if (identity.principal !== "visitor" || !identity.visitor)
    throw new ProblemError("unauthenticated", "Send the visitor token as a bearer token.");
  const { channelId, conversationId } = identity.visitor;
  const channel = await loadChannel(c.env, channelId, ["web"]);
  if (channel.organizationId !== identity.organizationId) throw new ProblemError("not-found", "No such channel.");
  const { limits } = readWebChannelConfig(channel.config);
  const { file, content = "" } = c.req.valid("form");
  const caption = content.trim();
  if (caption.length > limits.maxMessageLength)
    throw new ProblemError("payload-too-large", `A message may hold at most ${limits.maxMessageLength} characters.`, {
      maxLength: limits.maxMessageLength,
    });
  const maxBytes = maxAttachmentBytes(c.env);
  if (file.size > maxBytes)
    throw new ProblemError("payload-too-large", `A file may weigh at most ${maxBytes} bytes.`, { maxBytes });
  if (file.size === 0) throw new ProblemError("validation-failed", "The file is empty.");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = await sniffType(bytes, file.type);
  if (!isWelcomeUpload(type))
    throw new ProblemError(
      "unsupported-media-type",
      `Files of type ${type} are not accepted: send a picture, audio, video, a PDF, text or an office document.`,
    );
  const stored = await storeAttachment(c.env, channel, bytes, { filename: file.name || undefined }, type);
  // A message chat did not take (refused, or the call failed) leaves no file behind.
  const forget = () => (stored.key ? c.env.ATTACHMENTS.delete(stored.key) : Promise.resolve());
  const turn = await rpcClient(chatContract, c.env.CHAT)
    .receiveVisitorAttachment({
      organizationId: channel.organizationId,
      channelId,
      conversationId,
      customerId: identity.subjectId,
      content: caption,
      attachment: stored,
    })
    .catch(async (error: unknown) => {
      await forget();
      throw error;
    });
  if (!turn.ok) await forget();
  return c.json(valueOrThrow(turn), 200);
});
