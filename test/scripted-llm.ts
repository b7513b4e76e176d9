// A local stand-in for the model providers, speaking their wire formats: OpenAI's Chat Completions
// (POST /openai/v1/chat/completions) and Cloudflare's Workers AI REST API
// (POST /cloudflare/client/v4/accounts/{account}/ai/run/{model}). Its script, by the last message:
// a tool result is answered from the first hit (or the ticket it opened); "open a ticket" calls
// create_ticket (a tool of the tools worker); "person" asks for a handover; a question is looked
// up with search_knowledge; "provider-outage" fails with 503; anything else is echoed. Every request
// body is kept for tests to read at GET /requests. Embeddings (POST /openai/v1/embeddings, a text or
// a batch) come from a deterministic hash embedder for plumbing tests only, never quoted as quality:
// bags of hashed words over 1536 dimensions (or the request's `dimensions`) in which a few synonyms
// share one dimension, so texts with no word in common can still be near each other. Workers AI's
// embedding models (POST .../ai/run/@cf/baai/...) answer the same vectors in 1024 dimensions.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const scriptedKeys = { openai: "test-openai-key", cloudflare: "test-cloudflare-token" };

interface WireMessage {
  role: string;
  content: string | null;
  name?: string;
}

type Decision = { content: string } | { tool: string; arguments: Record<string, unknown> } | { status: number };

function decide(messages: WireMessage[]): Decision {
  const last = messages[messages.length - 1];
  const text = last?.content ?? "";
  if (last?.role === "tool") {
    const hits = JSON.parse(text) as
      | { content?: string }[]
      | { ok?: boolean; ticket?: { reference: string }; error?: string };
    if (!Array.isArray(hits)) {
      if (hits.ticket) return { content: `Opened ticket ${hits.ticket.reference} for you.` };
      if (hits.error) return { content: `That did not work: ${hits.error}` };
      return { content: "A colleague will take over from here." };
    }
    return { content: hits[0]?.content ? `From our FAQ: ${hits[0].content}` : "I could not find that, sorry." };
  }
  if (text.includes("provider-outage")) return { status: 503 };
  if (/open a ticket/i.test(text))
    return { tool: "create_ticket", arguments: { subject: text.slice(0, 100), priority: "high" } };
  if (/person|human/i.test(text)) return { tool: "handover_to_human", arguments: { reason: "customer asked" } };
  if (text.includes("?")) return { tool: "search_knowledge", arguments: { query: text } };
  return { content: `Scripted reply to: ${text}` };
}

/** Words that mean the same to the scripted embedder, each group one dimension (weighted 3). */
const synonyms = [
  ["gift", "gifts", "present", "presents", "voucher", "vouchers"],
  ["puncture", "punctures", "flat", "flats"],
];

function embed(text: string, dimensions = 1536): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) {
    const group = synonyms.findIndex((words) => words.includes(word));
    if (group >= 0) vector[group] = (vector[group] ?? 0) + 3;
    else {
      let hash = 0;
      for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
      const dimension = 16 + (hash % (dimensions - 16));
      vector[dimension] = (vector[dimension] ?? 0) + 1;
    }
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

const tokens = (messages: WireMessage[]) => Math.ceil(JSON.stringify(messages).length / 4);

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

export async function startScriptedLlm(): Promise<{ url: string; close: () => Promise<void> }> {
  const requests: { provider: string; path: string; body: Record<string, unknown> }[] = [];
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const path = request.url ?? "/";
    if (request.method === "GET" && path === "/requests") return send(200, requests);
    const provider = path.startsWith("/openai/") ? "openai" : path.startsWith("/cloudflare/") ? "cloudflare" : "";
    if (request.method !== "POST" || !provider) return send(404, { error: "not found" });
    if (request.headers.authorization !== `Bearer ${scriptedKeys[provider as keyof typeof scriptedKeys]}`) {
      return send(401, { error: "bad key" });
    }
    const body = await readJson(request);
    requests.push({ provider, path, body });
    if (path.endsWith("/embeddings")) {
      const inputs = (Array.isArray(body.input) ? body.input : [body.input ?? ""]).map(String);
      const size = typeof body.dimensions === "number" ? body.dimensions : 1536;
      const tokens = Math.ceil(inputs.join(" ").length / 4);
      if (inputs.some((input) => input.includes("embedding-outage"))) return send(503, { error: "unavailable" });
      return send(200, {
        object: "list",
        data: inputs.map((input, index) => ({ object: "embedding", index, embedding: embed(input, size) })),
        model: body.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (provider === "cloudflare" && path.includes("/ai/run/@cf/baai/")) {
      // Workers AI's text embeddings: { shape, data } for a batch of texts; bge-m3 has 1024 dimensions.
      const texts = (body.text ?? []) as string[];
      const data = texts.map((text) => embed(text, 1024));
      return send(200, { result: { shape: [data.length, 1024], data }, success: true, errors: [], messages: [] });
    }
    const messages = (body.messages ?? []) as WireMessage[];
    const decision = decide(messages);
    if ("status" in decision) return send(decision.status, { error: "unavailable" });
    const usage = { prompt_tokens: tokens(messages), completion_tokens: 7, total_tokens: tokens(messages) + 7 };
    if (provider === "openai") {
      const message =
        "tool" in decision
          ? {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: `call_${requests.length}`,
                  type: "function",
                  function: { name: decision.tool, arguments: JSON.stringify(decision.arguments) },
                },
              ],
            }
          : { role: "assistant", content: decision.content };
      return send(200, {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, finish_reason: "tool" in decision ? "tool_calls" : "stop" }],
        usage,
      });
    }
    const result =
      "tool" in decision
        ? { response: null, tool_calls: [{ name: decision.tool, arguments: decision.arguments }], usage }
        : { response: decision.content, usage };
    return send(200, { result, success: true, errors: [], messages: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
