import { describe, expect, it } from "vitest";
import { htmlOf, messageIds, parseEmail, replySubject, visibleText } from "./email.ts";

const mail = (headers: string, body = "Hello") =>
  `From: Ola <ola@example.com>\r\nTo: support@northwind.test\r\nSubject: Hi\r\nMessage-ID: <a@example.com>\r\n${headers}Content-Type: text/plain\r\n\r\n${body}`;

describe("reading an email", () => {
  it("says Re: once, whatever the customer's client added", () => {
    expect(replySubject("Opening hours")).toBe("Re: Opening hours");
    expect(replySubject("RE: Re: AW: Opening hours")).toBe("Re: Opening hours");
  });

  it("lists the Message-IDs a header names, in order", () => {
    expect(messageIds("<a@x> <b@y>\r\n <c@z>")).toEqual(["<a@x>", "<b@y>", "<c@z>"]);
    expect(messageIds(undefined)).toEqual([]);
  });

  it("keeps the new part of a reply, without the quote or the signature", () => {
    const text =
      "Yes, Tuesday works.\n\n-- \nOla\n\nOn Mon, 1 Dec 2026, Support <s@x.test> wrote:\n> Does Tuesday work?";
    expect(visibleText(text)).toBe("Yes, Tuesday works.");
    expect(visibleText("> only a quote")).toBe("> only a quote");
  });

  it("escapes the HTML part", () => {
    expect(htmlOf("a <b>\n\nc & d")).toContain("<p>a &lt;b&gt;</p><p>c &amp; d</p>");
  });

  it.each([
    ["Auto-Submitted: auto-replied\r\n", "Auto-Submitted: auto-replied"],
    ["Precedence: bulk\r\n", "Precedence: bulk"],
    ["List-Id: <deals.example.com>\r\n", "List-Id"],
    ["X-Auto-Response-Suppress: OOF\r\n", "X-Auto-Response-Suppress: oof"],
  ])("never answers %s", async (header, reason) => {
    expect(await parseEmail(mail(header), "ola@example.com")).toMatchObject({ kind: "automatic", reason });
  });

  it("answers Auto-Submitted: no, and threads under the first id it names", async () => {
    const parsed = await parseEmail(
      mail("Auto-Submitted: no\r\nIn-Reply-To: <r@frontdesk>\r\nReferences: <root@example.com> <r@frontdesk>\r\n"),
      "ola@example.com",
    );
    expect(parsed).toMatchObject({
      kind: "message",
      message: {
        externalId: "<a@example.com>",
        thread: { key: "<root@example.com>", references: ["<root@example.com>", "<r@frontdesk>"] },
        envelope: {
          subject: "Re: Hi",
          inReplyTo: "<a@example.com>",
          references: ["<root@example.com>", "<r@frontdesk>", "<a@example.com>"],
        },
      },
    });
  });

  it("treats an empty envelope sender as a bounce", async () => {
    expect(await parseEmail(mail(""), "")).toMatchObject({ kind: "automatic" });
  });
});
