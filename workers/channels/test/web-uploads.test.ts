import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { chatContract } from "@frontdesk/contracts/chat";
import { schema } from "@frontdesk/db";
import { identityHeader, rpcClient } from "@frontdesk/http";
import { and, eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { db, tenantWithChannel } from "./support.ts";

const receiver = inject("webhookReceiverUrl");
const MiB = 1024 * 1024;

/** A file of that size whose first bytes are the format's (the test receiver makes it). */
const sample = async (ext: string, size: number) =>
  new Uint8Array(await (await fetch(`${receiver}/media-file/${ext}-${size}`)).arrayBuffer());

interface VisitorTurn {
  message: { role: string; content: string; attachment: Record<string, unknown> | null };
  reply: { role: string; content: string } | null;
  conversation: { id: string; status: string };
}

/** A website visitor of a fresh tenant's web channel, reaching this worker as the gateway forwards them. */
async function webVisitor() {
  const tenant = await tenantWithChannel({ type: "web", name: "Website chat", config: {} });
  const channel = await (await tenant.manage(`/v1/channels/${tenant.channelId}`)).json<{
    channel: { publishableKey: string };
  }>();
  const visitorId = crypto.randomUUID();
  const visit = await rpcClient(chatContract, env.CHAT).startVisit({
    organizationId: tenant.organizationId,
    channelId: tenant.channelId,
    visitorId,
    verifiedUserId: null,
    profile: {},
  });
  if (!visit.ok) throw new Error(visit.problem.title);
  const { conversationId, customerId } = visit.value;
  const identity = JSON.stringify({
    organizationId: tenant.organizationId,
    principal: "visitor",
    scopes: [],
    subjectId: customerId,
    visitor: { channelId: tenant.channelId, conversationId, visitorId },
  });
  const upload = (file: Uint8Array, name: string, declared: string, caption?: string) => {
    const form = new FormData();
    form.set("file", new File([file], name, { type: declared }));
    if (caption !== undefined) form.set("content", caption);
    return exports.default.fetch(
      `https://channels.internal/v1/public/${channel.channel.publishableKey}/conversation/attachments`,
      { method: "POST", headers: { [identityHeader]: identity }, body: form },
    );
  };
  const stored = async () =>
    (await env.ATTACHMENTS.list({ prefix: `${tenant.organizationId}/${tenant.channelId}/` })).objects;
  const messages = () =>
    db()
      .select({ role: schema.messages.role, type: schema.messages.messageType, media: schema.messages.mediaUrl })
      .from(schema.messages)
      .where(
        and(
          eq(schema.messages.organizationId, tenant.organizationId),
          eq(schema.messages.conversationId, conversationId),
        ),
      );
  return { ...tenant, conversationId, upload, stored, messages };
}

describe("files from the web widget", () => {
  it("a photo with a question: stored under the channel, answered, and the assistant says it cannot see it", async () => {
    const visitor = await webVisitor();
    const photo = await sample("png", 200_000);
    const response = await visitor.upload(photo, "back wheel.png", "image/png", "What do you charge to fix this?");
    expect(response.status).toBe(200);
    const turn = await response.json<VisitorTurn>();
    expect(turn.message).toMatchObject({
      role: "customer",
      content: "What do you charge to fix this?",
      attachment: { kind: "image", type: "image/png", filename: "back wheel.png", size: 200_000 },
    });
    expect(turn.reply?.content).toContain("I can't open pictures myself, so a colleague will look at it.");
    // Read by the widget, not sent through a provider: nothing waits for delivery.
    const [object] = await visitor.stored();
    expect(object?.size).toBe(200_000);
    const kept = await env.ATTACHMENTS.get(object?.key ?? "");
    expect(new Uint8Array((await kept?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(photo);
    expect(kept?.httpMetadata?.contentType).toBe("image/png");
    const rows = await visitor.messages();
    expect(rows.find((row) => row.role === "customer" && row.type === "image")?.media).toBe(object?.key);
    const history = await visitor.chatApi(`/v1/conversations/${visitor.conversationId}/messages`);
    const { data } = await history.json<{ data: { role: string; deliveryStatus: string | null }[] }>();
    expect(data.filter((message) => message.role === "assistant").map((m) => m.deliveryStatus)).not.toContain(
      "pending",
    );
  });

  it("a document alone: the assistant says so plainly and a person takes over", async () => {
    const visitor = await webVisitor();
    const response = await visitor.upload(await sample("pdf", 40_000), "receipt.pdf", "application/pdf");
    expect(response.status).toBe(200);
    const turn = await response.json<VisitorTurn>();
    expect(turn.message.attachment).toMatchObject({ kind: "document", type: "application/pdf" });
    expect(turn.reply?.content).toContain("a colleague");
    expect(turn.conversation.status).not.toBe("active");
  });

  it("refuses what it must not keep, and keeps nothing of it", async () => {
    const visitor = await webVisitor();
    // A program dressed as a PDF: its bytes say what it is.
    const disguised = await visitor.upload(await sample("exe", 4096), "invoice.pdf", "application/pdf");
    expect(disguised.status).toBe(415);
    expect(disguised.headers.get("content-type")).toContain("application/problem+json");
    expect((await disguised.json<{ detail: string }>()).detail).toContain("application/x-msdownload");

    const tooLarge = await visitor.upload(await sample("mp4", 16 * MiB + 1), "ride.mp4", "video/mp4");
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ maxBytes: 16 * MiB });

    const longCaption = await visitor.upload(await sample("png", 1000), "a.png", "image/png", "x".repeat(2001));
    expect(longCaption.status).toBe(413);

    const empty = await visitor.upload(new Uint8Array(0), "nothing.png", "image/png");
    expect(empty.status).toBe(400);

    expect(await visitor.stored()).toEqual([]);
    expect(await visitor.messages()).toEqual([]);
  });

  it("a closed conversation takes no file, and the file is not kept", async () => {
    const visitor = await webVisitor();
    const closed = await visitor.chatApi(`/v1/conversations/${visitor.conversationId}/close`, "POST", {});
    expect(closed.status).toBe(200);
    const response = await visitor.upload(await sample("jpg", 5000), "late.jpg", "image/jpeg");
    expect(response.status).toBe(409);
    expect(await visitor.stored()).toEqual([]);
  });

  it("only a visitor sends files into a visitor's conversation", async () => {
    const visitor = await webVisitor();
    const form = new FormData();
    form.set("file", new File([await sample("png", 100)], "a.png", { type: "image/png" }));
    const staff = JSON.stringify({
      organizationId: visitor.organizationId,
      principal: "api_key",
      scopes: ["*"],
      subjectId: crypto.randomUUID(),
    });
    const asStaff = await exports.default.fetch(
      "https://channels.internal/v1/public/fdp_AAAAAAAAAAAAAAAAAAAAAAAA/conversation/attachments",
      { method: "POST", headers: { [identityHeader]: staff }, body: form },
    );
    expect(asStaff.status).toBe(401);
    expect(await visitor.stored()).toEqual([]);
  });
});
