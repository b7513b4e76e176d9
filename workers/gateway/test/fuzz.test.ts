import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fuzzOpenApi, type OpenApiDocument } from "./openapi-fuzz.ts";
import { call, createOrganization } from "./support.ts";

describe("the published API under malformed input", () => {
  it("never answers 5xx, and every 4xx is problem+json (seeded: the same requests every run)", async () => {
    const document = await (await call("/v1/openapi.json")).json<OpenApiDocument>();
    const { apiKey } = await createOrganization("Fuzz Target");
    for (const policy of ["api_key", "organization"]) {
      await call(`/v1/settings/rate_limits/${policy}`, {
        method: "PUT",
        token: apiKey.key,
        json: { value: { limit: 6000, windowSeconds: 60 } },
      });
    }
    // The visitor routes are fuzzed behind a real web channel key and visitor token too.
    const channel = await call("/v1/channels", {
      method: "POST",
      token: apiKey.key,
      json: { type: "web", name: "Website", config: { limits: { conversationsPerIp: 10_000 } } },
    });
    const { publishableKey } = (await channel.json<{ channel: { publishableKey: string } }>()).channel;
    const visitor = await call(`/v1/public/${publishableKey}/conversations`, { method: "POST", json: {} });
    const { token: visitorToken } = await visitor.json<{ token: string }>();
    let sent = 0;
    const report = await fuzzOpenApi({
      document,
      token: apiKey.key,
      seed: 20261201,
      count: 2500,
      concurrency: 6,
      known: { publishableKey },
      visitorToken,
      send: (request) => {
        sent++;
        const headers = new Headers(request.headers);
        headers.set("cf-connecting-ip", `198.18.${(sent >> 8) & 255}.${sent & 255}`);
        return exports.default.fetch(`https://api.frontdesk.test${request.path}`, {
          method: request.method,
          headers,
          body: request.body,
        });
      },
    });
    console.log(JSON.stringify({ fuzz: { ...report, findings: report.findings.length } }));
    expect(report.operations).toBeGreaterThan(100);
    expect(report.requests).toBe(2500);
    expect(report.findings).toEqual([]);
  }, 300_000);
});
