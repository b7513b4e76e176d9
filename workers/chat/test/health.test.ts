import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("reports its own database connection", async () => {
  const response = await exports.default.fetch("https://chat.internal/health");
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ service: "chat", status: "ok", database: { status: "ok" } });
});
