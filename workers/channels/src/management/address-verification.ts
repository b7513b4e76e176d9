import { createDb, postgresErrorCode, schema } from "@frontdesk/db";
import {
  actorOf,
  auditEntry,
  createApi,
  hex,
  type IdentityVariables,
  idParam,
  notFoundResponse,
  ownedBy,
  ProblemError,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { dnsRecords } from "../channel/dns.ts";
import { forgetChannel } from "../channel/load.ts";
import type { ChannelsEnv } from "../env.ts";
import { deliverEmail } from "../providers/email.ts";
import { domainOf } from "../providers/email-authentication.ts";

type ChannelRow = typeof schema.channels.$inferSelect;

/** A code may be mailed again after this long. */
const resendSeconds = 60;

const sha256 = async (text: string) =>
  hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));

/** Ten characters a person can read off an email and type (no 0/O, 1/I). */
function newCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...crypto.getRandomValues(new Uint8Array(10))].map((byte) => alphabet[byte % alphabet.length]).join("");
}

const addressOf = (row: Pick<ChannelRow, "type" | "config">) =>
  row.type === "email" && typeof row.config.address === "string" ? row.config.address.trim().toLowerCase() : undefined;

/** Where the TXT record that proves an address's domain lives. */
export const dnsRecordName = (address: string) => `_frontdesk.${domainOf(address)}`;

/** Mails a fresh code to the channel's address; the claim keeps only its hash. */
async function mailCode(env: ChannelsEnv, claim: { id: string; address: string }, channelName: string) {
  const code = newCode();
  await deliverEmail(env, {
    from: { email: env.EMAIL_SYSTEM_FROM, name: "Frontdesk" },
    to: claim.address,
    subject: `Confirm ${claim.address} for ${channelName}`,
    text: `Someone asked Frontdesk to answer the email sent to ${claim.address} (channel "${channelName}").\n\nIf that was your team, enter this code in Frontdesk: ${code}\n\nIf not, ignore this email: nothing reaches Frontdesk until the code is entered.`,
    html: `<p>Someone asked Frontdesk to answer the email sent to ${claim.address} (channel "${channelName.replace(/[<>&"]/g, "")}").</p><p>If that was your team, enter this code in Frontdesk: <b>${code}</b></p><p>If not, ignore this email: nothing reaches Frontdesk until the code is entered.</p>`,
    headers: { "Auto-Submitted": "auto-generated" },
  });
  const t = schema.channelAddressVerifications;
  await createDb(env)
    .update(t)
    .set({ codeHash: await sha256(code), codeSentAt: sql`now()` })
    .where(eq(t.id, claim.id));
}

/**
 * After an email channel is written: a new address (or a first one) is a new claim, with a TXT
 * value to publish and a code mailed to the address. A claim already made is left as it is.
 */
export async function claimAddress(env: ChannelsEnv, row: ChannelRow): Promise<void> {
  const address = addressOf(row);
  if (!address || row.addressVerifiedAt) return;
  const t = schema.channelAddressVerifications;
  const [claim] = await createDb(env)
    .insert(t)
    .values({
      organizationId: row.organizationId,
      channelId: row.id,
      address,
      dnsToken: `frontdesk-verification=${newCode().toLowerCase()}${newCode().toLowerCase()}`,
    })
    .onConflictDoNothing()
    .returning({ id: t.id, address: t.address });
  if (!claim) return;
  // The channel exists either way; a mail that could not go out is sent again on request.
  await mailCode(env, claim, row.name).catch((error: unknown) =>
    console.warn(JSON.stringify({ event: "verification-code-not-sent", channelId: row.id, error: String(error) })),
  );
}

const verificationView = z
  .object({
    address: z.string(),
    verified: z.boolean(),
    verifiedAt: z.string().nullable(),
    method: z.enum(schema.addressVerificationMethods).nullable(),
    codeSentAt: z.string().nullable(),
    dnsRecord: z.object({ name: z.string(), type: z.literal("TXT"), value: z.string() }),
  })
  .openapi("AddressVerification");

const security = [{ bearer: [] }];
const viewResponse = {
  content: { "application/json": { schema: z.object({ verification: verificationView }) } },
};

const status = createRoute({
  method: "get",
  path: "/{id}/address-verification",
  summary: "Whether an email channel proved its address, and how to prove it",
  description:
    "Mail to the channel's address reaches the channel only once the organization proved it controls the address: enter the code mailed to it, or publish `dnsRecord` (a TXT record) on its domain and ask for the check.",
  security,
  request: { params: idParam },
  responses: { 200: { description: "The claim", ...viewResponse }, 404: notFoundResponse, ...problemResponses },
});
const verify = createRoute({
  method: "post",
  path: "/{id}/address-verification",
  summary: "Prove an email channel's address: the code mailed to it, or the domain's TXT record",
  security,
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.union([
            z.object({ code: z.string().trim().min(4).max(40) }).strict(),
            z.object({ method: z.literal("dns_txt") }).strict(),
          ]),
        },
      },
    },
  },
  responses: {
    200: { description: "Proven: mail to the address now reaches the channel", ...viewResponse },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const resend = createRoute({
  method: "post",
  path: "/{id}/address-verification/code",
  summary: "Mail a new verification code to an email channel's address",
  security,
  request: { params: idParam },
  responses: { 200: { description: "Sent", ...viewResponse }, 404: notFoundResponse, ...problemResponses },
});

/** The channel and its current claim, or 404 (another organization's, not an email channel, no address). */
async function channelClaim(env: ChannelsEnv, organizationId: string, id: string) {
  const db = createDb(env);
  const c = schema.channels;
  const v = schema.channelAddressVerifications;
  const [channel] = await db
    .select()
    .from(c)
    .where(ownedBy(c, id, organizationId));
  const address = channel && addressOf(channel);
  if (!channel || !address)
    throw new ProblemError("not-found", "No such email channel with an address in this organization.");
  let [claim] = await db
    .select()
    .from(v)
    .where(and(eq(v.channelId, id), eq(v.address, address)));
  if (!claim) {
    await claimAddress(env, channel);
    [claim] = await db
      .select()
      .from(v)
      .where(and(eq(v.channelId, id), eq(v.address, address)));
  }
  if (!claim) throw new Error("the address claim was neither found nor made");
  return { channel, claim };
}

const toView = (
  channel: ChannelRow,
  claim: typeof schema.channelAddressVerifications.$inferSelect,
): z.infer<typeof verificationView> => ({
  address: claim.address,
  verified: channel.addressVerifiedAt !== null,
  verifiedAt: channel.addressVerifiedAt?.toISOString() ?? null,
  method: channel.addressVerifiedAt ? claim.method : null,
  codeSentAt: claim.codeSentAt?.toISOString() ?? null,
  dnsRecord: { name: dnsRecordName(claim.address), type: "TXT", value: claim.dnsToken },
});

/** `/v1/channels/{id}/address-verification`: an email channel proves its address. */
export const addressVerification = createApi<{ Bindings: ChannelsEnv; Variables: IdentityVariables }>()
  .openapi(status, async (c) => {
    requireScope(c.var.identity, "config:read");
    const { channel, claim } = await channelClaim(c.env, c.var.identity.organizationId, c.req.valid("param").id);
    return c.json({ verification: toView(channel, claim) }, 200);
  })
  .openapi(resend, async (c) => {
    requireScope(c.var.identity, "config:write");
    const { channel, claim } = await channelClaim(c.env, c.var.identity.organizationId, c.req.valid("param").id);
    if (channel.addressVerifiedAt) throw new ProblemError("conflict", "This address is already proven.");
    if (claim.codeSentAt && Date.now() - claim.codeSentAt.getTime() < resendSeconds * 1000)
      throw new ProblemError("rate-limited", `A code was mailed less than ${resendSeconds} seconds ago.`);
    await mailCode(c.env, claim, channel.name);
    const fresh = await channelClaim(c.env, c.var.identity.organizationId, channel.id);
    return c.json({ verification: toView(fresh.channel, fresh.claim) }, 200);
  })
  .openapi(verify, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "config:write");
    const { channel, claim } = await channelClaim(c.env, identity.organizationId, c.req.valid("param").id);
    const body = c.req.valid("json");
    let method: (typeof schema.addressVerificationMethods)[number];
    if ("code" in body) {
      const matches = claim.codeHash !== null && (await sha256(body.code.toUpperCase())) === claim.codeHash;
      if (!matches) throw new ProblemError("validation-failed", "That is not the code mailed to the address.");
      method = "email_code";
    } else {
      const records = await dnsRecords(c.env, dnsRecordName(claim.address), "TXT").catch(() => {
        throw new ProblemError("service-unavailable", "The DNS lookup failed; try again shortly.");
      });
      if (!records.includes(claim.dnsToken))
        throw new ProblemError(
          "validation-failed",
          `No TXT record "${claim.dnsToken}" at ${dnsRecordName(claim.address)} yet (DNS changes can take a while).`,
        );
      method = "dns_txt";
    }
    const db = createDb(c.env);
    const ch = schema.channels;
    const v = schema.channelAddressVerifications;
    try {
      await db.batch([
        db.update(v).set({ verifiedAt: sql`now()`, method, codeHash: null }).where(eq(v.id, claim.id)),
        db
          .update(ch)
          .set({ addressVerifiedAt: sql`now()` })
          .where(
            and(
              ownedBy(ch, channel.id, identity.organizationId),
              sql`lower(${ch.config} ->> 'address') = ${claim.address}`,
            ),
          ),
        auditEntry(db, c.req.raw.headers, actorOf(identity), {
          organizationId: identity.organizationId,
          action: "channel.address_verified",
          resource: "channel",
          resourceId: channel.id,
          details: { method },
        }),
      ]);
    } catch (error) {
      if (postgresErrorCode(error) === "23505")
        throw new ProblemError("conflict", "Another channel has already proven this address.");
      throw error;
    }
    forgetChannel(channel.id);
    const fresh = await channelClaim(c.env, identity.organizationId, channel.id);
    return c.json({ verification: toView(fresh.channel, fresh.claim) }, 200);
  });
