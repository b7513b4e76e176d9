// The guard of packages/http/src/public-fetch.ts against real servers on loopback (Node types: here, not in the package).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPublic } from "../../packages/http/src/public-fetch.ts";

/** A provider on loopback: each path answers a redirect (or the file), and what it was sent is kept. */
function provider(routes: Record<string, (origin: string) => [number, Record<string, string>]>) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", headers: request.headers });
    const route = routes[request.url ?? ""];
    const [status, headers] = route ? route(`http://${request.headers.host}`) : [200, {}];
    response.writeHead(status, headers).end(status === 200 ? "the file" : "");
  });
  return { server, seen };
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let other: string;
const second = provider({});
const first = provider({
  "/metadata": () => [302, { location: "http://169.254.169.254/latest/meta-data/" }],
  "/private": () => [307, { location: "http://10.0.0.5/file" }],
  "/named": () => [302, { location: "http://media.attacker.example/file" }],
  "/loop": (origin) => [302, { location: `${origin}/loop` }],
  "/elsewhere": () => [302, { location: `${other}/file` }],
  "/same": () => [301, { location: "/file" }],
});
let base: string;

beforeAll(async () => {
  base = await listen(first.server);
  other = await listen(second.server);
});
afterAll(() => {
  first.server.close();
  second.server.close();
});

const options = () => ({
  allowPrivate: false,
  // The operator's provider bases (here on loopback) are trusted; what they point at is not.
  trustedOrigins: [base, other],
  resolve: async (host: string) => (host === "media.attacker.example" ? ["127.0.0.1"] : ["93.184.215.14"]),
});

describe("fetching a URL someone else handed us", () => {
  it("follows a redirect only after checking where it leads, however it is spelled", async () => {
    await expect(fetchPublic(`${base}/metadata`, {}, options())).rejects.toThrow(/linkLocal/);
    await expect(fetchPublic(`${base}/private`, {}, options())).rejects.toThrow(/private/);
    await expect(fetchPublic(`${base}/named`, {}, options())).rejects.toThrow(/resolves to a loopback/);
    await expect(fetchPublic(`${base}/loop`, {}, options())).rejects.toThrow(/more than 5 redirects/);
    expect(first.seen.filter((request) => request.path === "/loop")).toHaveLength(6);
  });

  it("follows a safe redirect, and never takes the credentials to another origin", async () => {
    const same = await fetchPublic(`${base}/same`, { headers: { authorization: "Basic c2VjcmV0" } }, options());
    expect(await same.text()).toBe("the file");
    expect(first.seen.find((request) => request.path === "/file")?.headers.authorization).toBe("Basic c2VjcmV0");
    const moved = await fetchPublic(`${base}/elsewhere`, { headers: { authorization: "Basic c2VjcmV0" } }, options());
    expect(moved.status).toBe(200);
    expect(second.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("refuses a first URL into a private network, and allows it where the deployment says so", async () => {
    await expect(fetchPublic(`${base}/file`, {}, { allowPrivate: false })).rejects.toThrow(/loopback/);
    expect((await fetchPublic(`${base}/file`, {}, { allowPrivate: true })).status).toBe(200);
  });
});
