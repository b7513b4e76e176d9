import { checkDatabase, createSql } from "@frontdesk/db";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";

async function checkService(
  service: Fetcher,
): Promise<{ status: "ok" | "error"; httpStatus?: number; error?: string }> {
  try {
    const response = await service.fetch("https://internal/health");
    return response.ok ? { status: "ok" } : { status: "error", httpStatus: response.status };
  } catch (error) {
    return { status: "error", error: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness of the whole stack: the database through the Neon driver, and each domain worker. */
export const health = new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const [database, chat] = await Promise.all([checkDatabase(createSql(c.env)), checkService(c.env.CHAT)]);
  const status = database.status === "ok" && chat.status === "ok" ? "ok" : "degraded";
  return c.json({ service: "gateway", status, database, services: { chat } }, status === "ok" ? 200 : 503);
});
