import { sourcesOf } from "../conversation/views.ts";
import type { TurnResult } from "../session/outcomes.ts";

type Chunk = Record<string, unknown> & { type: string };

/** A turn's answer as it is streamed: whoever it is for decides the metadata and sources it carries. */
export interface StreamedReply {
  messageId: string;
  messageMetadata: Record<string, unknown>;
  sources: { id: string; title: string; url: string | null }[];
  /** The assistant's words; null when a person will answer. */
  text: string | null;
}

/** The reply's text in small pieces, as a model would stream it (words with their spacing). */
function deltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** What staff and API keys get: the reply's full metadata (intent, confidence, sources). */
export function staffReply(turn: TurnResult): StreamedReply {
  const reply = turn.reply;
  return {
    messageId: reply?.id ?? crypto.randomUUID(),
    messageMetadata: {
      customerMessageId: turn.message.id,
      conversation: turn.conversation,
      ...(reply ? reply.metadata : { handedOver: true }),
    },
    sources: reply ? sourcesOf(reply.metadata) : [],
    text: reply?.content ?? null,
  };
}

/**
 * A turn as the Vercel AI SDK UI message stream (protocol v1, what `useChat` reads): start with
 * the reply's id and metadata, its knowledge sources (a link where the entry has one), the text as
 * deltas, then finish. Only the documented keys, in the documented order.
 */
export function turnChunks(reply: StreamedReply): Chunk[] {
  const chunks: Chunk[] = [
    { type: "start", messageId: reply.messageId, messageMetadata: reply.messageMetadata },
    { type: "start-step" },
  ];
  if (reply.text !== null) {
    for (const source of reply.sources) {
      chunks.push(
        source.url
          ? { type: "source-url", sourceId: source.id, url: source.url, title: source.title }
          : { type: "source-document", sourceId: source.id, mediaType: "text/plain", title: source.title },
      );
    }
    const id = `text-${reply.messageId}`;
    chunks.push({ type: "text-start", id });
    for (const delta of deltas(reply.text)) chunks.push({ type: "text-delta", id, delta });
    chunks.push({ type: "text-end", id });
  }
  chunks.push({ type: "finish-step" }, { type: "finish", finishReason: "stop" });
  return chunks;
}

export function uiMessageStreamResponse(reply: StreamedReply, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const chunks = turnChunks(reply);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
      else {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      }
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      ...headers,
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-vercel-ai-ui-message-stream": "v1",
      "x-accel-buffering": "no",
    },
  });
}
