import { ProblemError } from "@frontdesk/http";
import { describe, expect, it } from "vitest";
import { agentReplyFor, type ReplyRules, renderTemplate, whatsappWindowMs } from "./channel-rules.ts";

const template = { name: "bike_ready", language: "en", body: "Hi {{1}}, it is ready at {{2}} ({{1}})." };
const now = Date.parse("2026-12-02T12:00:00Z");
const rules = (type: string | null, hoursAgo: number | null): ReplyRules => ({
  channelType: type,
  lastInboundAt: hoursAgo === null ? null : new Date(now - hoursAgo * 3_600_000),
  templates: [template],
});

const kindOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof ProblemError ? error.kind : "other";
  }
  return "none";
};

describe("a person's reply on a channel", () => {
  it("fills a template's numbered parameters, each as often as it appears", () => {
    expect(renderTemplate(template, ["Hana", "9am"])).toBe("Hi Hana, it is ready at 9am (Hana).");
    expect(kindOf(() => renderTemplate(template, ["Hana"]))).toBe("validation-failed");
  });

  it("sends free text inside WhatsApp's 24 hours, refuses it after, and always allows a template", () => {
    expect(agentReplyFor(rules("whatsapp", 23.9), { content: "Hi" }, now)).toEqual({
      content: "Hi",
      viaProvider: true,
    });
    expect(kindOf(() => agentReplyFor(rules("whatsapp", 24), { content: "Hi" }, now))).toBe("outside-messaging-window");
    expect(kindOf(() => agentReplyFor(rules("whatsapp", null), { content: "Hi" }, now))).toBe(
      "outside-messaging-window",
    );
    expect(
      agentReplyFor(rules("whatsapp", 48), { template: { name: "bike_ready", parameters: ["Hana", "9am"] } }, now),
    ).toMatchObject({ content: "Hi Hana, it is ready at 9am (Hana).", template: { language: "en" } });
    expect(whatsappWindowMs).toBe(86_400_000);
  });

  it("has no window on other channels, and no templates there", () => {
    expect(agentReplyFor(rules("telegram", 100), { content: "Hi" }, now)).toEqual({ content: "Hi", viaProvider: true });
    // The web widget and the API read a person's reply from us: nothing goes to a provider.
    expect(agentReplyFor(rules("web", 100), { content: "Hi" }, now)).toEqual({ content: "Hi", viaProvider: false });
    expect(agentReplyFor(rules(null, null), { content: "Hi" }, now)).toEqual({ content: "Hi", viaProvider: false });
    expect(
      kindOf(() => agentReplyFor(rules("sms", 1), { template: { name: "bike_ready", parameters: [] } }, now)),
    ).toBe("validation-failed");
  });
});
