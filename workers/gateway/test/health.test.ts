import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import gateway from "../src/index.ts";
import { adminToken } from "./support.ts";

interface HealthBody {
  status: string;
  database: { status: string; latencyMs: number; serverVersion?: string; error?: string };
  services: { chat: { status: string } };
}

describe("GET /health", () => {
  it("tells anonymous callers up or down only", async () => {
    const response = await exports.default.fetch("https://gateway.test/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("runs select 1 through the Neon driver and reaches the chat worker over its service binding", async () => {
    const response = await exports.default.fetch("https://gateway.test/health", {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const body = await response.json<HealthBody>();
    expect(response.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database.status).toBe("ok");
    expect(body.database.serverVersion).toMatch(/^\d+/);
    expect(body.services.chat.status).toBe("ok");
  });

  it("answers 503 and names the failure when the database cannot be reached", async () => {
    const unreachable = {
      ...env,
      DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:9/none",
      NEON_HTTP_ENDPOINT: "http://127.0.0.1:9/sql",
    };
    const anonymous = await gateway.fetch(new Request("https://gateway.test/health"), unreachable);
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: "degraded" });
    const request = new Request("https://gateway.test/health", { headers: { authorization: `Bearer ${adminToken}` } });
    const response = await gateway.fetch(request, unreachable);
    const body = await response.json<HealthBody>();
    expect(response.status).toBe(503);
    expect(body.status).toBe("degraded");
    expect(body.database.status).toBe("error");
    expect(body.database.error).toMatch(/connect/i);
  });
});

describe("unknown routes", () => {
  it("answer 404 as application/problem+json", async () => {
    const response = await exports.default.fetch("https://gateway.test/nope");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 404, title: "Not found", instance: "/nope" });
  });
});
