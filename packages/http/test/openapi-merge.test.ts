import { describe, expect, it } from "vitest";
import { mergeOpenApiDocuments, type OpenApiDocument } from "../src/openapi-merge.ts";

const problem = { type: "object", properties: { type: { type: "string" } } };
const gateway: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "Frontdesk API", version: "1.0.0" },
  paths: { "/v1/agents": { get: { summary: "List agents" } } },
  components: { schemas: { Problem: problem }, securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
};

describe("merging the workers' OpenAPI documents", () => {
  it("unites paths and components under the gateway's info", () => {
    const chat: OpenApiDocument = {
      openapi: "3.1.0",
      info: { title: "chat", version: "0" },
      paths: {
        "/v1/conversations": { get: { summary: "List" }, post: { summary: "Start" } },
        "/v1/agents": { put: { summary: "Replace" } },
      },
      components: { schemas: { Problem: problem, Conversation: { type: "object" } } },
    };
    const merged = mergeOpenApiDocuments(gateway, chat);
    expect(merged.info.title).toBe("Frontdesk API");
    expect(Object.keys(merged.paths ?? {})).toEqual(["/v1/agents", "/v1/conversations"]);
    expect(Object.keys(merged.paths?.["/v1/agents"] ?? {})).toEqual(["get", "put"]);
    expect(Object.keys(merged.components?.schemas ?? {})).toEqual(["Problem", "Conversation"]);
    expect(merged.components?.securitySchemes).toEqual(gateway.components?.securitySchemes);
    expect(gateway.paths?.["/v1/agents"]).toEqual({ get: { summary: "List agents" } });
  });

  it("refuses two workers claiming one operation", () => {
    const clash: OpenApiDocument = { ...gateway, paths: { "/v1/agents": { get: { summary: "Mine" } } } };
    expect(() => mergeOpenApiDocuments(gateway, clash)).toThrow("GET /v1/agents is defined twice");
  });

  it("refuses one component name with two definitions", () => {
    const clash: OpenApiDocument = { ...gateway, paths: {}, components: { schemas: { Problem: { type: "string" } } } };
    expect(() => mergeOpenApiDocuments(gateway, clash)).toThrow("components.schemas.Problem differs");
  });
});
