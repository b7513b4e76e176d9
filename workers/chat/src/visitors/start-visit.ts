import { type Attribution, attribution } from "@frontdesk/contracts/attribution";
import type { VisitorArrival, VisitorSession } from "@frontdesk/contracts/chat";
import { createDb, fillCustomerGaps, resolveCustomer, suggestMergesFor } from "@frontdesk/db";
import { ProblemError, problem, type RpcFailure, rpcFailure } from "@frontdesk/http";
import { openChannelConversation } from "../conversations/start.ts";
import { assetPhoneData } from "../customers/phone-data.ts";
import type { ChatEnv } from "../env.ts";
import { loadWebChannel, type WebChannel } from "./web-channel.ts";

/** The ad parameters (utm_*, click ids) in the URL of the page the chat was opened on. */
function attributionInUrl(url: string | undefined): Attribution | undefined {
  if (!url) return undefined;
  const query = new URL(url).searchParams;
  const found = Object.fromEntries(
    Object.keys(attribution.shape).flatMap((key) => {
      const value = query.get(key)?.trim().slice(0, 500);
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = attribution.safeParse(found);
  return parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : undefined;
}

/** The channel's pre-chat form, if it has one, must be answered before the first message. */
function checkPreChatForm(channel: WebChannel, profile: VisitorArrival["profile"]): void {
  const form = channel.config.preChatForm;
  if (!form.enabled) return;
  const missing = [
    form.name === "required" && !profile.name ? "name" : undefined,
    form.email === "required" && !profile.email ? "email" : undefined,
    form.consentText && profile.consent !== true ? "consent" : undefined,
  ].filter((field) => field !== undefined);
  if (missing.length > 0)
    throw new ProblemError("validation-failed", `The pre-chat form needs: ${missing.join(", ")}.`, {
      fields: missing,
    });
}

/**
 * A visitor opens the chat: the customer is the one behind their browser (or, with a verified
 * userHash, the business's own user id, as external id), and their open conversation on the
 * channel is picked up again or a new one starts. What the pre-chat form says fills gaps on the
 * customer; it never matches them to another customer, because nothing verified it.
 */
export async function startVisit(
  env: ChatEnv,
  arrival: VisitorArrival,
): Promise<VisitorSession | RpcFailure<"not-found">> {
  const { organizationId, channelId, visitorId, verifiedUserId, profile, page } = arrival;
  const attribution = arrival.attribution ?? attributionInUrl(page?.url);
  const channel = await loadWebChannel(env, organizationId, channelId);
  if (!channel?.isActive)
    return rpcFailure("not-found", problem("not-found", "No such active web channel in this organization."));
  checkPreChatForm(channel, profile);
  const db = createDb(env);
  const phoneData = assetPhoneData(env.ASSETS);
  const customerId = await resolveCustomer(
    db,
    organizationId,
    verifiedUserId
      ? { externalId: verifiedUserId, channelIdentifier: `user:${verifiedUserId}`, verified: true }
      : { channelIdentifier: `visitor:${visitorId}` },
    channelId,
    phoneData,
  );
  if (profile.name || profile.email) {
    await fillCustomerGaps(db, organizationId, customerId, profile);
    // A typed email proves nothing: if someone else has it, a person decides whether they are one.
    await suggestMergesFor(db, organizationId, customerId, profile, phoneData);
  }
  const preChat =
    profile.consent === undefined
      ? {}
      : { consent: profile.consent, consentText: channel.config.preChatForm.consentText, at: new Date().toISOString() };
  const conversation = await openChannelConversation(env, {
    organizationId,
    customerId,
    channelId,
    visitorSessionId: visitorId,
    attribution,
    metadata: {
      source: "web_widget",
      ...(page ? { page } : {}),
      ...(profile.consent === undefined ? {} : { preChat }),
    },
  });
  return { conversationId: conversation.id, customerId, created: conversation.created };
}
