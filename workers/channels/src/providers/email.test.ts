import { describe, expect, it } from "vitest";
import { htmlOf, messageIds, parseEmail, replySubject, visibleText } from "./email.ts";

const trusted = ["mx.frontdesk.test"];
const dkimPass =
  "Authentication-Results: mx.frontdesk.test; dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\n";

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
    expect(await parseEmail(mail(header), "ola@example.com", trusted)).toMatchObject({ kind: "automatic", reason });
  });

  it("answers Auto-Submitted: no, and threads under the first id it names", async () => {
    const parsed = await parseEmail(
      mail("Auto-Submitted: no\r\nIn-Reply-To: <r@frontdesk>\r\nReferences: <root@example.com> <r@frontdesk>\r\n"),
      "ola@example.com",
      trusted,
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
    expect(await parseEmail(mail(""), "", trusted)).toMatchObject({ kind: "automatic" });
  });
});

describe("who sent an email, and where a reply may go", () => {
  it("a From that DMARC or an aligned DKIM signature vouches for is verified, and answered there", async () => {
    const parsed = await parseEmail(mail(dkimPass), "ola@example.com", trusted);
    expect(parsed).toMatchObject({
      kind: "message",
      message: { sender: { id: "ola@example.com", verified: true }, replyTo: "ola@example.com" },
    });
    expect(parsed.kind === "message" && parsed.message.replyWithheld).toBeFalsy();
  });

  it("a bare From is a claim: unverified, and no reply is sent anywhere", async () => {
    const parsed = await parseEmail(mail("Reply-To: attacker@evil.test\r\n"), "attacker@evil.test", trusted);
    expect(parsed).toMatchObject({
      kind: "message",
      message: {
        sender: { id: "ola@example.com", verified: false },
        replyWithheld: expect.stringContaining("not authenticated"),
      },
    });
  });

  it("results written by a server we do not trust, or below the topmost header, count for nothing", async () => {
    const forged = "Authentication-Results: mx.evil.test; dkim=pass header.d=example.com; dmarc=pass\r\n";
    const buried = `Authentication-Results: mx.frontdesk.test; dkim=fail header.d=example.com\r\n${dkimPass}`;
    for (const headers of [forged, buried]) {
      const parsed = await parseEmail(mail(headers), "ola@example.com", trusted);
      expect(parsed).toMatchObject({ kind: "message", message: { sender: { verified: false } } });
    }
  });

  it("a DKIM signature of another domain is not the sender's", async () => {
    const other = "Authentication-Results: mx.frontdesk.test; dkim=pass header.d=mailer.evil.test; dmarc=fail\r\n";
    const parsed = await parseEmail(mail(other), "bounce@mailer.evil.test", trusted);
    expect(parsed).toMatchObject({ kind: "message", message: { sender: { verified: false } } });
  });

  it("obeys a Reply-To only on the sender's own domain", async () => {
    const team = await parseEmail(mail(`${dkimPass}Reply-To: team@example.com\r\n`), "ola@example.com", trusted);
    expect(team).toMatchObject({ message: { replyTo: "team@example.com" } });
    const elsewhere = await parseEmail(mail(`${dkimPass}Reply-To: victim@else.test\r\n`), "ola@example.com", trusted);
    expect(elsewhere).toMatchObject({ message: { replyTo: "ola@example.com" } });
  });

  it("an unverified From that SPF authorised as the envelope sender may be answered", async () => {
    const spf = "Authentication-Results: mx.frontdesk.test; spf=pass smtp.mailfrom=ola@example.com; dkim=none\r\n";
    const parsed = await parseEmail(mail(spf), "ola@example.com", trusted);
    expect(parsed).toMatchObject({ message: { sender: { verified: false }, replyTo: "ola@example.com" } });
    expect(parsed.kind === "message" && parsed.message.replyWithheld).toBeUndefined();
  });
});
