import { describe, expect, it } from "vitest";
import { adminToken, call } from "./support.ts";

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return response.json<{ type: string; status: number; detail?: string; errors?: { path: string }[] }>();
}

describe("request ids", () => {
  it("echo the caller's X-Request-Id, or mint one", async () => {
    const echoed = await call("/health", { headers: { "x-request-id": "req-abc.123" } });
    expect(echoed.headers.get("x-request-id")).toBe("req-abc.123");
    const minted = await call("/health");
    expect(minted.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await call("/health", { headers: { "x-request-id": "<script>" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("bad bodies get a 4xx problem, and nothing is written", () => {
  const post = (body: string, contentType = "application/json") =>
    call("/v1/organizations", { method: "POST", token: adminToken, body, headers: { "content-type": contentType } });

  it("malformed JSON is 400 malformed-json", async () => {
    const response = await post('{"name": ');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).type).toBe("https://frontdesk.dev/problems/malformed-json");
  });

  it("a non-JSON content type is 415", async () => {
    const response = await post("name=x", "application/x-www-form-urlencoded");
    expect(response.status).toBe(415);
    expect((await problemOf(response)).type).toBe("https://frontdesk.dev/problems/unsupported-media-type");
  });

  it("an oversized body is 413", async () => {
    const response = await post(JSON.stringify({ name: "x".repeat(300 * 1024) }));
    expect(response.status).toBe(413);
    expect((await problemOf(response)).type).toBe("https://frontdesk.dev/problems/payload-too-large");
  });

  it("unknown fields and wrong types are 400 validation-failed, listing each field", async () => {
    const response = await post(JSON.stringify({ name: 42, plan: "enterprise" }));
    expect(response.status).toBe(400);
    const body = await problemOf(response);
    expect(body.type).toBe("https://frontdesk.dev/problems/validation-failed");
    expect(body.errors?.map((error) => error.path)).toEqual(expect.arrayContaining(["name"]));
    expect(body.detail).toMatch(/plan/);
  });
});

describe("the OpenAPI document", () => {
  it("is served without credentials and lists the routes with their security", async () => {
    const response = await call("/v1/openapi.json");
    expect(response.status).toBe(200);
    const document = await response.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: unknown };
    }>();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/v1/organizations", "/v1/organizations/current", "/v1/api-keys", "/v1/api-keys/{id}"]),
    );
    // The chat worker's routes, merged in over its service binding.
    expect(document.paths).toHaveProperty(["/v1/conversations", "get", "summary"]);
    expect(document.components.securitySchemes).toMatchObject({ bearer: { type: "http", scheme: "bearer" } });
  });
});

describe("the API reference page", () => {
  it("is Scalar's page over the published document, with its script from this deployment, not a CDN", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('src="/docs/scalar.js"');
    expect(page).toContain("/v1/openapi.json");
    expect(page).not.toMatch(/https?:\/\/(cdn\.jsdelivr|unpkg|cdn\.)/);
    // That the static asset is served and the page renders is checked in a browser (test/e2e).
  });
});
