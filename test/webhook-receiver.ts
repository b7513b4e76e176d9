// A local webhook receiver for the tests: records every delivery (headers and raw body) under its
// inbox name, and answers as told by the path, so retries and disabling can be exercised.
//   POST /inbox/<name>              -> 204
//   POST /inbox/<name>/fail/<n>     -> 503 the first n deliveries of each webhook-id, then 204
//   POST /inbox/<name>/gone         -> 410 (the endpoint asks to be disabled)
//   GET  /inbox/<name>              -> { deliveries: [{ headers, body, status }] }
//   POST /provider/<whatsapp|twilio|telegram|email>/... -> a send-message answer shaped like that provider's,
//                                      recorded in the inbox "provider-<name>"; a path with "/down/"
//                                      in it answers 503 (the provider is out of reach)
//   GET  …/media-file/<ext>-<bytes>   -> a file of that size whose first bytes are the format's magic
//                                      number (png, jpg, pdf, ogg, mp4; "exe" a Windows executable)
//   GET  /provider/whatsapp/<media id> -> WhatsApp's media lookup: {url: …/media-file/<media id>}
//   GET  /provider/telegram/bot<t>/getFile?file_id=<id> -> {ok, result: {file_path: "media-file/<id>"}}
//   GET  /inbox/<name>/wait/<n>     -> the inbox once it holds n deliveries (at most 20 s): tests wait
//                                      on this condition instead of polling
//   PUT  /dns/<name>                 -> publishes the body as a TXT record at <name>
//   GET  /dns-query?name=&type=TXT   -> DNS over HTTPS (the JSON API) with the records published
import { createServer, type Server } from "node:http";

interface Recorded {
  headers: Record<string, string>;
  body: string;
  status: number;
}

export async function startWebhookReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const inboxes = new Map<string, Recorded[]>();
  const txtRecords = new Map<string, string[]>();
  // Everyone waiting for a delivery is woken by the next one (an event, not a timer loop).
  let waiters: (() => void)[] = [];
  const arrived = () => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const nextArrival = (withinMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, withinMs);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const [, root, name = "", behaviour, count] = (request.url ?? "").split("/");
    const origin = `http://${request.headers.host}`;
    const file = /\/media-file\/([a-z0-9]+)-(\d+)$/.exec(request.url ?? "");
    if (request.method === "PUT" && root === "dns") {
      txtRecords.set(name.toLowerCase(), [
        ...(txtRecords.get(name.toLowerCase()) ?? []),
        Buffer.concat(chunks).toString(),
      ]);
      response.writeHead(204).end();
      return;
    }
    if (request.method === "GET" && root?.startsWith("dns-query")) {
      const query = new URL(request.url ?? "", origin).searchParams;
      const records = txtRecords.get((query.get("name") ?? "").toLowerCase()) ?? [];
      const answer = records.map((value) => ({ name: query.get("name"), type: 16, TTL: 60, data: `"${value}"` }));
      response
        .writeHead(200, { "content-type": "application/dns-json" })
        .end(JSON.stringify({ Status: records.length > 0 ? 0 : 3, Answer: answer }));
      return;
    }
    if (request.method === "GET" && file) {
      const [, ext = "", size = "0"] = file;
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(mediaFile(ext, Number(size)));
      return;
    }
    if (request.method === "GET" && root === "provider" && name === "whatsapp" && behaviour) {
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ url: `${origin}/media-file/${behaviour}`, mime_type: "application/octet-stream" }));
      return;
    }
    if (request.method === "GET" && root === "provider" && name === "telegram" && request.url?.includes("/getFile")) {
      const fileId = new URL(request.url, origin).searchParams.get("file_id");
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ok: true, result: { file_id: fileId, file_path: `media-file/${fileId}` } }));
      return;
    }
    if (root === "provider" && request.method === "POST") {
      const inbox = inboxes.get(`provider-${name}`) ?? [];
      inboxes.set(`provider-${name}`, inbox);
      const body = Buffer.concat(chunks).toString("utf8");
      const down = (request.url ?? "").includes("/down/");
      inbox.push({ headers: { path: request.url ?? "" }, body, status: down ? 503 : 200 });
      arrived();
      if (down) {
        response.writeHead(503, { "content-type": "application/json" }).end('{"error":"unavailable"}');
        return;
      }
      const n = inbox.length;
      const answers: Record<string, () => unknown> = {
        whatsapp: () => ({ messaging_product: "whatsapp", messages: [{ id: `wamid.reply${n}` }] }),
        twilio: () => ({ sid: `SMreply${n}`, status: "queued" }),
        email: () => ({ messageId: `<reply${n}.${Date.now()}@mail.frontdesk.test>` }),
        telegram: () => ({
          ok: true,
          result: { message_id: 1000 + n, chat: { id: (JSON.parse(body || "{}") as { chat_id?: unknown }).chat_id } },
        }),
      };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answers[name]?.() ?? {}));
      return;
    }
    if (root !== "inbox" || !name) {
      response.writeHead(404).end();
      return;
    }
    const inbox = inboxes.get(name) ?? [];
    inboxes.set(name, inbox);
    if (request.method === "GET" && behaviour === "wait") {
      const wanted = Number(count ?? "1");
      const deadline = Date.now() + 20_000;
      while (inbox.length < wanted && Date.now() < deadline) await nextArrival(deadline - Date.now());
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ deliveries: inbox }));
      return;
    }
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ deliveries: inbox }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join(",") : (value ?? ""),
      ]),
    );
    const seen = inbox.filter((entry) => entry.headers["webhook-id"] === headers["webhook-id"]).length;
    const status = behaviour === "gone" ? 410 : behaviour === "fail" && seen < Number(count ?? "1") ? 503 : 204;
    inbox.push({ headers, body: Buffer.concat(chunks).toString("utf8"), status });
    arrived();
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("webhook receiver has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const magic: Record<string, number[]> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52],
  jpg: [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0],
  pdf: [...Buffer.from("%PDF-1.7\n")],
  ogg: [
    ...Buffer.from("OggS"),
    0,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0x1e,
    0x01,
    ...Buffer.from("vorbis"),
  ],
  mp4: [0, 0, 0, 0x18, ...Buffer.from("ftypmp42"), 0, 0, 0, 0, ...Buffer.from("mp42isom")],
  exe: [...Buffer.from("MZ"), 0x90, 0],
};

/** A file of `size` bytes that file-type recognises by its first bytes. */
function mediaFile(ext: string, size: number): Buffer {
  const file = Buffer.alloc(Math.max(size, 64));
  Buffer.from(magic[ext] ?? []).copy(file);
  return file.subarray(0, Math.max(size, 64));
}
