import { randomUUID } from "node:crypto";
import type { NeonQueryFunction } from "@neondatabase/serverless";
import { inject } from "vitest";
import { createSql } from "../src/client.ts";

type Sql = NeonQueryFunction<false, false>;

export const sql: Sql = createSql({
  DATABASE_URL: inject("databaseUrl"),
  NEON_HTTP_ENDPOINT: inject("neonHttpEndpoint"),
});

export interface Tenant {
  organizationId: string;
  channelId: string;
  customerId: string;
  conversationId: string;
}

/** A fresh organization with one web channel, one customer and one conversation. */
export async function createTenant(): Promise<Tenant> {
  const slug = `t-${randomUUID().slice(0, 12)}`;
  const [organization] = (await sql`insert into organizations (name, slug) values (${slug}, ${slug}) returning id`) as {
    id: string;
  }[];
  const organizationId = organization?.id ?? "";
  const [channel] =
    (await sql`insert into channels (organization_id, type, name) values (${organizationId}, 'web', 'Website') returning id`) as {
      id: string;
    }[];
  const [customer] =
    (await sql`insert into customers (organization_id, name, email) values (${organizationId}, 'Ada', ${`${slug}@example.com`}) returning id`) as {
      id: string;
    }[];
  const [conversation] = (await sql`insert into conversations (organization_id, customer_id, channel_id)
    values (${organizationId}, ${customer?.id}, ${channel?.id}) returning id`) as { id: string }[];
  return {
    organizationId,
    channelId: channel?.id ?? "",
    customerId: customer?.id ?? "",
    conversationId: conversation?.id ?? "",
  };
}

/** Resolves to the Postgres error code a statement fails with (or throws if it succeeds). */
export async function errorCode(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  throw new Error("expected the statement to fail");
}
