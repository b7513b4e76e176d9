import { describe, expect, it } from "vitest";
import { aligned, parseAuthenticationResults } from "./email-authentication.ts";

describe("Authentication-Results (RFC 8601)", () => {
  it("reads the authserv-id, each method's result and its properties, comments and versions aside", () => {
    const parsed = parseAuthenticationResults(
      "mx.example.net 1; dkim=pass (2048-bit key) header.d=shop.example header.s=s1;\r\n spf=softfail smtp.mailfrom=x@y.example; dmarc=pass (p=REJECT) header.from=Shop.Example",
    );
    expect(parsed).toEqual({
      authservId: "mx.example.net",
      results: [
        { method: "dkim", result: "pass", properties: { "header.d": "shop.example", "header.s": "s1" } },
        { method: "spf", result: "softfail", properties: { "smtp.mailfrom": "x@y.example" } },
        { method: "dmarc", result: "pass", properties: { "header.from": "shop.example" } },
      ],
    });
  });

  it("a header without results is an authserv-id alone; an empty one is nothing", () => {
    expect(parseAuthenticationResults("mx.example.net; none")).toEqual({ authservId: "mx.example.net", results: [] });
    expect(parseAuthenticationResults("  ")).toBeUndefined();
  });

  it("aligns a domain with itself and its subdomains, and nothing else", () => {
    expect(aligned("example.com", "mail.example.com")).toBe(true);
    expect(aligned("mail.example.com", "example.com")).toBe(true);
    expect(aligned("example.com", "example.com")).toBe(true);
    expect(aligned("example.com", "example.org")).toBe(false);
    expect(aligned("shop.co.uk", "evil.co.uk")).toBe(false);
    expect(aligned("example.com", "")).toBe(false);
  });
});
