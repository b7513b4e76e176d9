import type { ChannelAdapter } from "../channel/adapter.ts";
import type { Provider } from "../channel/types.ts";
import { email } from "./email.ts";
import { standard } from "./standard.ts";
import { telegram } from "./telegram.ts";
import { twilio } from "./twilio.ts";
import { whatsapp } from "./whatsapp.ts";

/** Every provider's adapter: adding a provider is its module, its line here, and its test. */
export const adapters: Record<Provider, ChannelAdapter> = { whatsapp, twilio, telegram, standard, email };

/** The provider a webhook URL names, if it takes webhooks. */
export function webhookProvider(
  name: string,
): (ChannelAdapter & { webhook: NonNullable<ChannelAdapter["webhook"]> }) | undefined {
  const adapter = Object.hasOwn(adapters, name) ? adapters[name as Provider] : undefined;
  return adapter?.webhook ? { ...adapter, webhook: adapter.webhook } : undefined;
}
