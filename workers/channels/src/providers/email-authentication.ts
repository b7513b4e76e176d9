/**
 * Who really sent an email, as the receiving mail server judged it (RFC 8601 Authentication-Results).
 *
 * A From header is free text: anyone can write a customer's address there. What a mail server can
 * prove is a DKIM signature by a domain, an SPF-authorised envelope sender, and DMARC's verdict
 * that one of those is aligned with the From domain. Only the topmost Authentication-Results header
 * is read, and only when its authserv-id is the one our receiving server writes: a sender can put
 * any header of its own lower down (RFC 8601 section 5 expects the receiver to remove forgeries of
 * its own id, but the topmost is the receiver's own).
 */

export interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: MethodResult[];
}

/** Comments (RFC 5322 CFWS) are dropped, nested ones included. */
function withoutComments(value: string): string {
  let depth = 0;
  let out = "";
  for (const char of value) {
    if (char === "(") depth++;
    else if (char === ")" && depth > 0) depth--;
    else if (depth === 0) out += char;
  }
  return out;
}

/** One Authentication-Results header value: its authserv-id and each method's result and properties. */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const [head, ...resinfos] = withoutComments(value).replace(/\s+/g, " ").split(";");
  const authservId = head?.trim().split(" ")[0]?.toLowerCase();
  if (!authservId) return undefined;
  const results = resinfos.flatMap((resinfo): MethodResult[] => {
    const [first, ...rest] = resinfo.trim().split(" ");
    const verdict = /^([a-z0-9_-]+)(?:\/[0-9]+)?=([a-z]+)$/i.exec(first ?? "");
    if (!verdict?.[1] || !verdict[2]) return [];
    const properties: Record<string, string> = {};
    for (const part of rest) {
      const property = /^([a-z0-9_-]+\.[a-z0-9_.-]+)=(.+)$/i.exec(part);
      if (property?.[1] && property[2])
        properties[property[1].toLowerCase()] = property[2].replace(/^"|"$/g, "").toLowerCase();
    }
    return [{ method: verdict[1].toLowerCase(), result: verdict[2].toLowerCase(), properties }];
  });
  return { authservId, results };
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/**
 * Alignment: the same domain, or one a subdomain of the other (a signature by example.com for
 * mail.example.com). Stricter than DMARC's relaxed mode, which compares organizational domains
 * through the public suffix list: two siblings (a.example.com, b.example.com) do not align here,
 * and no "last two labels" guess ever aligns a.co.uk with b.co.uk.
 */
export function aligned(fromDomain: string, authenticated: string): boolean {
  const a = fromDomain.toLowerCase();
  const b = authenticated.toLowerCase().replace(/^@/, "");
  if (!a || !b) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

export interface SenderAuthentication {
  /** DMARC passed for the From domain, or a passing DKIM signature is aligned with it. */
  fromVerified: boolean;
  /** The envelope sender, when SPF authorised it. */
  spfMailFrom: string | undefined;
  /** Why the sender is not verified, for the log and the workspace. */
  reason: string;
}

/**
 * Whether the mail server that received this email vouches for its From address. `headers` are the
 * message's Authentication-Results header values, topmost first; `trusted` the authserv-ids our
 * receiving server writes.
 */
export function authenticateSender(
  headers: string[],
  from: string,
  envelopeFrom: string,
  trusted: readonly string[],
): SenderAuthentication {
  const top = headers[0] === undefined ? undefined : parseAuthenticationResults(headers[0]);
  if (!top) return { fromVerified: false, spfMailFrom: undefined, reason: "no Authentication-Results" };
  if (!trusted.includes(top.authservId))
    return { fromVerified: false, spfMailFrom: undefined, reason: `untrusted authserv-id ${top.authservId}` };
  const fromDomain = domainOf(from);
  const passed = (method: string) => top.results.filter((r) => r.method === method && r.result === "pass");
  const dmarc = passed("dmarc").some((r) => (r.properties["header.from"] ?? fromDomain) === fromDomain);
  const dkim = passed("dkim").some((r) => {
    const signer = r.properties["header.d"] ?? (r.properties["header.i"] ? domainOf(r.properties["header.i"]) : "");
    return aligned(fromDomain, signer);
  });
  const spf = passed("spf").some((r) => {
    const mailFrom = r.properties["smtp.mailfrom"] ?? "";
    return mailFrom !== "" && domainOf(mailFrom) === domainOf(envelopeFrom);
  });
  const fromVerified = dmarc || dkim;
  return {
    fromVerified,
    spfMailFrom: spf ? envelopeFrom.toLowerCase() : undefined,
    reason: fromVerified ? "verified" : "neither DMARC nor an aligned DKIM signature passed",
  };
}
