import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi } from "../src/app.ts";

/** A worker's app with route groups mounted under one prefix, as the chat worker mounts its conversation routes. */
function appWithGroups() {
  const app = createApi();
  const reads = createApi().get("/:id/history", (c) => c.json({ history: [] }));
  const writes = createApi().post("/:id/messages", async (c) => c.json({ received: await c.req.json() }));
  app.route("/v1/conversations", reads);
  app.route("/v1/conversations", writes);
  return app;
}

const post = (body: string) => ({ method: "POST", headers: { "content-type": "application/json" }, body });

describe("route groups mounted under one app", () => {
  afterEach(() => vi.restoreAllMocks());

  it("log one access line per request and leave the body readable for the route", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const response = await appWithGroups().request("/v1/conversations/c1/messages", post('{"content":"hi"}'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { content: "hi" } });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ method: "POST", status: 200 });
  });

  it("still refuse a body nested too deep, and a body that is not JSON", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const app = appWithGroups();
    const deep = await app.request("/v1/conversations/c1/messages", post(`${"[".repeat(70)}${"]".repeat(70)}`));
    expect(deep.status).toBe(400);
    expect(deep.headers.get("content-type")).toContain("application/problem+json");
    const form = await app.request("/v1/conversations/c1/messages", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "content=hi",
    });
    expect(form.status).toBe(415);
  });
});
