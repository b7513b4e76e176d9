import { checkDatabase, createSql } from "@frontdesk/db";
import { Hono } from "hono";
import type { ChatEnv } from "../env.ts";

export const health = new Hono<{ Bindings: ChatEnv }>().get("/", async (c) => {
  const database = await checkDatabase(createSql(c.env));
  return c.json({ service: "chat", status: database.status, database }, database.status === "ok" ? 200 : 503);
});
