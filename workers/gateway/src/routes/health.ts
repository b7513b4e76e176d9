import { checkDatabase, createSql } from "@frontdesk/db";
import { constantTimeEqual } from "@frontdesk/http";
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

/**
 * Health of the whole stack: the database through the Neon driver, and each domain worker.
 * Anonymous callers learn up or down only; the platform admin token also gets what failed and why.
 */
export const health = new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const [database, chat] = await Promise.all([checkDatabase(createSql(c.env)), checkService(c.env.CHAT)]);
  const status = database.status === "ok" && chat.status === "ok" ? "ok" : "degraded";
  const code = status === "ok" ? 200 : 503;
  const bearer = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
  const admin =
    bearer !== undefined && !!c.env.FRONTDESK_ADMIN_TOKEN && constantTimeEqual(bearer, c.env.FRONTDESK_ADMIN_TOKEN);
  if (!admin) return c.json({ status }, code);
  return c.json({ service: "gateway", status, database, services: { chat } }, code);
});
