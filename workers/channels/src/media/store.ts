import { attachmentKinds, type StoredAttachment } from "@frontdesk/contracts/chat";
import { fileTypeFromBuffer } from "file-type";
import type { LoadedChannel } from "../channel/types.ts";
import type { ChannelsEnv } from "../env.ts";

type Kind = (typeof attachmentKinds)[number];

/** The most one attachment may weigh (ATTACHMENT_MAX_BYTES, 16 MiB by default: WhatsApp's limit for audio and video). */
export const maxAttachmentBytes = (env: ChannelsEnv) => Number(env.ATTACHMENT_MAX_BYTES) || 16 * 1024 * 1024;

/** What kind of attachment a content type is (a document, unless it is plainly an image, audio or video). */
export function kindOf(type: string): Kind {
  const major = type.split("/")[0] ?? "";
  return attachmentKinds.find((kind) => kind === major && kind !== "document") ?? "document";
}

/**
 * The content type from the bytes themselves (file-type reads the magic numbers): a sender's label
 * is not trusted, so an executable called photo.jpg is stored as what it is. Text has no magic
 * number: a declared text type is kept, anything else unknown is octet-stream.
 */
export async function sniffType(bytes: Uint8Array, declared: string | undefined): Promise<string> {
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) return sniffed.mime;
  const label = declared?.split(";")[0]?.trim().toLowerCase();
  return label?.startsWith("text/") ? label : "application/octet-stream";
}

/** Reads a body up to `limit` bytes; undefined when it is larger (the rest is never read). */
export async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(part.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Stores an attachment in R2 under its organization and channel, with its sniffed type. The key is
 * random (not the file name), so nothing about it can be guessed; staff read it through a signed URL.
 */
export async function storeAttachment(
  env: ChannelsEnv,
  channel: LoadedChannel,
  bytes: Uint8Array,
  declared: { type?: string | undefined; filename?: string | undefined },
  /** The type already read from these bytes (a caller that judged it first need not sniff twice). */
  sniffed?: string,
): Promise<StoredAttachment> {
  const type = sniffed ?? (await sniffType(bytes, declared.type));
  const filename = declared.filename?.replace(/[\r\n"\\/]/g, "_").slice(0, 300);
  const key = `${channel.organizationId}/${channel.id}/${crypto.randomUUID()}`;
  await env.ATTACHMENTS.put(key, bytes, {
    httpMetadata: {
      contentType: type,
      ...(filename ? { contentDisposition: `inline; filename="${filename}"` } : {}),
    },
  });
  return { kind: kindOf(type), key, type, size: bytes.byteLength, ...(filename ? { filename } : {}) };
}

/** An attachment the customer sent that could not be kept: the assistant says so and a person takes over. */
export const unstored = (
  declaredType: string | undefined,
  error: "too-large" | "unavailable",
  size = 0,
): StoredAttachment => ({
  kind: kindOf(declaredType ?? "application/octet-stream"),
  key: null,
  type: declaredType ?? "application/octet-stream",
  size,
  error,
});
