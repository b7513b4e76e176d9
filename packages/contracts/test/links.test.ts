import { describe, expect, it } from "vitest";
import { isHttpUrl } from "../src/links.ts";

describe("links a page may render", () => {
  it("are http and https only", () => {
    expect(isHttpUrl("https://northwind.example/trade-ins")).toBe(true);
    expect(isHttpUrl("http://northwind.example")).toBe(true);
    for (const value of [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "//evil.example",
      "not a url",
      "",
      null,
      undefined,
    ])
      expect(isHttpUrl(value), String(value)).toBe(false);
  });
});
