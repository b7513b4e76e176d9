import type { TurnResult } from "../session/session-context.ts";

type Chunk = Record<string, unknown> & { type: string };

/** The reply's text in small pieces, as a model would stream it (words with their spacing). */
function deltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * A turn as the Vercel AI SDK UI message stream (protocol v1, what `useChat` reads): start with
 * the reply's id and metadata, its knowledge sources, the text as deltas, then finish. Only the
 * documented keys, in the documented order. A turn a person will answer has no text.
 */
export function turnChunks(turn: TurnResult): Chunk[] {
  const reply = turn.reply;
  const messageMetadata = {
    customerMessageId: turn.message.id,
    conversation: turn.conversation,
    ...(reply ? reply.metadata : { handedOver: true }),
  };
  const chunks: Chunk[] = [
    { type: "start", messageId: reply?.id ?? crypto.randomUUID(), messageMetadata },
    { type: "start-step" },
  ];
  if (reply) {
    const sources = Array.isArray(reply.metadata.sources) ? reply.metadata.sources : [];
    for (const source of sources as { id: string; title: string }[]) {
      chunks.push({ type: "source-document", sourceId: source.id, mediaType: "text/plain", title: source.title });
    }
    const id = `text-${reply.id}`;
    chunks.push({ type: "text-start", id });
    for (const delta of deltas(reply.content)) chunks.push({ type: "text-delta", id, delta });
    chunks.push({ type: "text-end", id });
  }
  chunks.push({ type: "finish-step" }, { type: "finish", finishReason: "stop" });
  return chunks;
}

export function uiMessageStreamResponse(turn: TurnResult, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const chunks = turnChunks(turn);
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
