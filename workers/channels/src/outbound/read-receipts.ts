import { errorForLog } from "@frontdesk/db";
import { allowsPrivateUrls, providerUrl } from "@frontdesk/http";
import type { ChannelsEnv } from "../env.ts";
import { credential, loadChannel } from "../inbound/load-channel.ts";
import type { Provider } from "../inbound/types.ts";
import { providerCall } from "../providers/provider-call.ts";

/**
 * Tells the provider the customer's messages were read. Only WhatsApp has read receipts
 * (`{"status":"read","message_id"}`); a receipt is a courtesy, so a failure is logged, never retried.
 */
export async function sendReadReceipts(
  env: ChannelsEnv,
  channelId: string,
  provider: Provider,
  externalMessageIds: string[],
): Promise<void> {
  if (provider !== "whatsapp" || externalMessageIds.length === 0) return;
  try {
    const channel = await loadChannel(env, channelId, ["whatsapp"]);
    const url = providerUrl(env.WHATSAPP_API_BASE_URL, String(channel.config.phoneNumberId ?? ""), "messages");
    const headers = {
      authorization: `Bearer ${credential(channel, "accessToken")}`,
      "content-type": "application/json",
    };
    for (const messageId of externalMessageIds) {
      await providerCall(
        url,
        {
          method: "POST",
          headers,
          body: JSON.stringify({ messaging_product: "whatsapp", status: "read", message_id: messageId }),
        },
        allowsPrivateUrls(env),
      );
    }
  } catch (error) {
    console.warn(JSON.stringify({ warning: "read-receipt-failed", channelId, ...errorForLog(error) }));
  }
}
