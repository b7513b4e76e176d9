import ipaddr from "ipaddr.js";
import { ProblemError } from "./problem.ts";

/** Host names that always mean "inside": this machine, the link, the cloud's metadata service. */
const internalNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why `url` must not be fetched on a tenant's behalf, or undefined when it may. Loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, reserved and multicast
 * addresses are refused, as are internal names; the WHATWG parser has already turned decimal,
 * octal and hex spellings of an IPv4 address into dotted form. A deployment that means to reach its
 * own network (local development, tests) sets ALLOW_PRIVATE_URLS=true.
 */
export function privateUrlReason(url: string, allowPrivate: boolean): string | undefined {
  if (!URL.canParse(url)) return "not a URL";
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "only http and https";
  if (parsed.username || parsed.password) return "credentials in the URL are not allowed";
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (internalNames.test(host) || (!host.includes(".") && !host.includes(":"))) return "an internal host name";
  return ipaddr.isValid(host) ? privateAddressReason(host) : undefined;
}

/** Why an IP address is not a public one (loopback, private, link-local, reserved …), or undefined. */
export function privateAddressReason(ip: string): string | undefined {
  if (!ipaddr.isValid(ip)) return "not an IP address";
  let address = ipaddr.parse(ip);
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress())
    address = (address as ipaddr.IPv6).toIPv4Address();
  const range = address.range();
  return range === "unicast" ? undefined : `a ${range} address`;
}

/** Whether the deployment allows URLs into private networks (`ALLOW_PRIVATE_URLS`). */
export const allowsPrivateUrls = (env: { ALLOW_PRIVATE_URLS?: string }): boolean => env.ALLOW_PRIVATE_URLS === "true";

/** Throws a 400 naming the field when `url` points somewhere a tenant may not send us. */
export function assertPublicUrl(url: string, allowPrivate: boolean, field = "url"): void {
  const reason = privateUrlReason(url, allowPrivate);
  if (reason)
    throw new ProblemError("validation-failed", `${field}: ${reason} cannot be used here.`, {
      errors: [{ path: field, message: `${reason} cannot be used here` }],
    });
}

/**
 * A provider URL: the base, then each path segment percent-encoded, so that a value from a tenant
 * or a model name (`../`, `?`, `#`) can never change which endpoint is called.
 * @example providerUrl("https://api.telegram.org", `bot${token}`, "sendMessage")
 */
export function providerUrl(base: string, ...segments: string[]): string {
  // "@" and ":" are plain characters in a path segment (RFC 3986 pchar): `@cf` stays `@cf`.
  const encode = (segment: string) => encodeURIComponent(segment).replaceAll("%40", "@").replaceAll("%3A", ":");
  return `${base.replace(/\/+$/, "")}/${segments.map(encode).join("/")}`;
}

/**
 * What an AI agent's `model` may be: `builtin`, `openai:<model id>`, or a Workers AI model
 * (`@cf/<author>/<name>`, `@hf/<author>/<name>`). Nothing else reaches a provider's URL.
 */
export const agentModelPattern =
  /^(builtin|openai:[A-Za-z0-9][A-Za-z0-9._:-]{0,99}|@(cf|hf)\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){1,2})$/;
