import ipaddr from "ipaddr.js";
import { privateAddressReason, privateUrlReason } from "./public-url.ts";

export interface PublicFetchOptions {
  /** ALLOW_PRIVATE_URLS: local development and tests reach their own network. */
  allowPrivate: boolean;
  /**
   * Origins the operator configured (a provider's API base): trusted as they are. Every other
   * URL, and every redirect, meets the guard.
   */
  trustedOrigins?: readonly string[];
  /**
   * The host's addresses, for a check after resolution (DNS over HTTPS). Workers cannot pin the
   * address fetch() then connects to, so a host that changes its answer between the two lookups
   * (DNS rebinding) is not caught here; Cloudflare's network does not route Workers' subrequests
   * into private ranges, which closes that gap in production.
   */
  resolve?: (host: string) => Promise<string[]>;
  /** Redirects followed at most (each one checked like the first URL). */
  maxRedirects?: number;
}

/** Why a URL may not be fetched: the lexical guard, then (for a host name) its resolved addresses. */
async function refusal(url: URL, options: PublicFetchOptions): Promise<string | undefined> {
  if (options.trustedOrigins?.includes(url.origin)) return undefined;
  const lexical = privateUrlReason(url.href, options.allowPrivate);
  if (lexical || options.allowPrivate || !options.resolve) return lexical;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address literal was judged by the lexical guard; a name is judged by what it resolves to.
  if (ipaddr.isValid(host)) return undefined;
  const addresses = await options.resolve(host);
  if (addresses.length === 0) return "a host that does not resolve";
  for (const address of addresses) {
    const reason = privateAddressReason(address);
    if (reason) return `a host that resolves to ${reason}`;
  }
  return undefined;
}

/**
 * fetch() for a URL someone else handed us (a provider's media link): never into a private network.
 * Redirects are not followed blindly (`redirect: "manual"`): each hop is checked with the same
 * guard, at most `maxRedirects` of them, and credentials never follow a redirect to another origin.
 */
export async function fetchPublic(url: string, init: RequestInit, options: PublicFetchOptions): Promise<Response> {
  let current = new URL(url);
  let headers = new Headers(init.headers);
  const maxRedirects = options.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    const refused = await refusal(current, options);
    if (refused) throw new Error(`URL refused (${current.host}): ${refused}`);
    const response = await fetch(current.href, { ...init, headers, redirect: "manual" });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    if (hop >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
    const next = new URL(location, current);
    if (next.origin !== current.origin) {
      headers = new Headers(headers);
      headers.delete("authorization");
      headers.delete("cookie");
    }
    current = next;
  }
}
