import { beforeAll, describe, expect, it } from "vitest";
import { twilioSignature } from "../../../test/providers.ts";
import { channelMessages, providerCalls, runConsumer, tenantWithChannel, webhook } from "./support.ts";

const base = "https://api.frontdesk.test";
const authToken = "twilio-auth-token";
let organizationId: string;
let channelId: string;
let url: string;

beforeAll(async () => {
  ({ organizationId, channelId } = await tenantWithChannel({
    type: "sms",
    name: "SMS",
    provider: "twilio",
    config: { accountSid: "AC123", from: "+15550007777" },
    credentials: { authToken },
  }));
  url = `${base}/webhooks/twilio/${channelId}`;
});

const post = async (params: Record<string, string>, token = authToken, signedUrl = url) =>
  webhook(`/twilio/${channelId}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": await twilioSignature(token, signedUrl, params),
    },
    body: new URLSearchParams(params).toString(),
  });

const sms = (sid: string, from: string, body: string) => ({
  MessageSid: sid,
  SmsSid: sid,
  AccountSid: "AC123",
  From: from,
  To: "+15550007777",
  Body: body,
  NumMedia: "0",
});

describe("Twilio SMS and WhatsApp", () => {
  it("refuses a wrong auth token and a tampered parameter with 401", async () => {
    expect((await post(sms("SMforged", "+15550002222", "hi"), "wrong-token")).status).toBe(401);
    const params = sms("SMtampered", "+15550002222", "hi");
    const response = await webhook(`/twilio/${channelId}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(authToken, url, params),
      },
      body: new URLSearchParams({ ...params, Body: "changed" }).toString(),
    });
    expect(response.status).toBe(401);
    expect(await channelMessages(organizationId, channelId)).toEqual([]);
  });

  it("checks a JSON body by the bodySHA256 its signed URL carries", async () => {
    const body = JSON.stringify({ MessageSid: "SMjson", MessageStatus: "delivered" });
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const signedUrl = `${url}?bodySHA256=${digest}`;
    const send = async (payload: string) =>
      webhook(`/twilio/${channelId}?bodySHA256=${digest}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-twilio-signature": await twilioSignature(authToken, signedUrl, {}),
        },
        body: payload,
      });
    expect((await send(body)).status).toBe(200);
    expect((await send(body.replace("delivered", "read"))).status).toBe(401);
  });

  it("accepts the URL with the default port added, as Twilio's validator does", async () => {
    const response = await post(
      sms("SMport", "+15550003333", "Hello"),
      authToken,
      url.replace("api.frontdesk.test", "api.frontdesk.test:443"),
    );
    expect(response.status).toBe(200);
  });

  it("stores an SMS once, replies through the Messages API and records the delivery callback", async () => {
    const params = sms("SMabc", "+15550004444", "Can I book a service?");
    expect((await post(params)).status).toBe(200);
    expect((await post(params)).status).toBe(200);
    await runConsumer([{ channelId, senderId: "+15550004444" }]);
    const stored = await channelMessages(organizationId, channelId);
    const inbound = stored.filter((m) => m.external_message_id === "SMabc");
    expect(inbound).toHaveLength(1);
    const sent = (await providerCalls("twilio")).filter(
      (c) => new URLSearchParams(c.body).get("To") === "+15550004444",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe("/provider/twilio/2010-04-01/Accounts/AC123/Messages.json");
    expect(new URLSearchParams(sent[0]?.body).get("From")).toBe("+15550007777");
    const reply = stored.find((m) => m.role === "assistant" && m.customer_id === inbound[0]?.customer_id);
    expect(reply?.delivery_status).toBe("sent");
    const callback = { MessageSid: reply?.external_message_id ?? "", MessageStatus: "delivered", AccountSid: "AC123" };
    expect((await post(callback)).status).toBe(200);
    expect(
      (await channelMessages(organizationId, channelId)).find(
        (m) => m.external_message_id === reply?.external_message_id,
      )?.delivery_status,
    ).toBe("delivered");
  });
});
