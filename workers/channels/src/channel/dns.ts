import { allowsPrivateUrls } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { ChannelsEnv } from "../env.ts";
import { providerCall } from "./provider-call.ts";

const recordTypes = { A: 1, AAAA: 28, TXT: 16 } as const;

const dnsAnswer = z.object({ Answer: z.array(z.object({ type: z.number(), data: z.string() })).optional() });

/**
 * The records of one type published at `name`, through DNS over HTTPS (the JSON API at
 * DNS_OVER_HTTPS_URL): Workers have no resolver of their own to ask. TXT values come unquoted and
 * joined (long values are split into several quoted strings).
 */
export async function dnsRecords(env: ChannelsEnv, name: string, type: keyof typeof recordTypes): Promise<string[]> {
  const url = `${env.DNS_OVER_HTTPS_URL}?name=${encodeURIComponent(name)}&type=${type}`;
  const answer = dnsAnswer.parse(
    await providerCall<unknown>(url, { headers: { accept: "application/dns-json" } }, allowsPrivateUrls(env)),
  );
  return (answer.Answer ?? [])
    .filter((record) => record.type === recordTypes[type])
    .map((record) => (type === "TXT" ? record.data.replace(/^"|"$/g, "").replace(/"\s*"/g, "") : record.data));
}

/** Every address a host name resolves to (A and AAAA). */
export async function resolveAddresses(env: ChannelsEnv, host: string): Promise<string[]> {
  const [v4, v6] = await Promise.all([dnsRecords(env, host, "A"), dnsRecords(env, host, "AAAA")]);
  return [...v4, ...v6];
}
