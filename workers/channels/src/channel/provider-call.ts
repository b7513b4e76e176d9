import { privateUrlReason } from "@frontdesk/http";

/**
 * Posts to a provider's API and returns its JSON, or throws with the provider's status and text.
 * A base URL into a private network is refused unless the deployment allows it (ALLOW_PRIVATE_URLS).
 */
export async function providerCall<T>(url: string, init: RequestInit, allowPrivate: boolean): Promise<T> {
  const refused = privateUrlReason(url, allowPrivate);
  if (refused) throw new Error(`provider URL refused: ${refused}`);
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}
