import { exports } from "cloudflare:workers";
import { identityHeader } from "@frontdesk/http";
import { expect, it } from "vitest";

it("refuses /v1 requests that did not come through the gateway", async () => {
  const response = await exports.default.fetch("https://chat.internal/v1/conversations");
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
});

it("refuses a malformed identity", async () => {
  const response = await exports.default.fetch("https://chat.internal/v1/conversations", {
    headers: {
      [identityHeader]: JSON.stringify({
        organizationId: "not-a-uuid",
        principal: "api_key",
        scopes: ["*"],
        subjectId: "x",
      }),
    },
  });
  expect(response.status).toBe(401);
});

it("a key without conversations:read is refused", async () => {
  const identity = {
    organizationId: crypto.randomUUID(),
    principal: "api_key",
    scopes: ["api_keys:read"],
    subjectId: "k",
  };
  const response = await exports.default.fetch("https://chat.internal/v1/conversations", {
    headers: { [identityHeader]: JSON.stringify(identity) },
  });
  expect(response.status).toBe(403);
});
