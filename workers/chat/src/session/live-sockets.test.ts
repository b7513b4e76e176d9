import { describe, expect, it } from "vitest";
import type { SocketAttachment } from "../sockets/socket-attachment.ts";
import { frameAction } from "./live-sockets.ts";

const holder = (kind: "api_key" | "user" | "visitor", canWrite: boolean): SocketAttachment => ({
  role: kind === "user" ? "agent" : "customer",
  organizationId: "00000000-0000-4000-8000-000000000001",
  conversationId: "00000000-0000-4000-8000-000000000002",
  author: { agentId: null, userId: null, name: null },
  credential: { kind, id: "k", canWrite, expiresAt: null, sessionId: null },
});

describe("what a client's frame asks of the live socket", () => {
  it("a message from a holder with the write scope is written", () => {
    expect(frameAction(holder("user", true), JSON.stringify({ type: "message", content: " Hello " }))).toEqual({
      write: "Hello",
    });
  });

  it("typing is passed on, for anyone", () => {
    expect(frameAction(holder("visitor", false), JSON.stringify({ type: "typing", typing: false }))).toEqual({
      typing: false,
    });
    expect(frameAction(holder("api_key", false), JSON.stringify({ type: "typing" }))).toEqual({ typing: true });
  });

  it("refuses what is not a frame, a visitor's message (that goes through POST) and a read-only holder's", () => {
    const error = (action: ReturnType<typeof frameAction>) => ("error" in action ? action.error : undefined);
    expect(error(frameAction(holder("user", true), "not json"))?.detail).toMatch(/Send \{"type":"message"/);
    expect(error(frameAction(holder("user", true), JSON.stringify({ type: "message", content: "" })))).toBeDefined();
    expect(
      error(frameAction(holder("visitor", true), JSON.stringify({ type: "message", content: "hi" })))?.detail,
    ).toBe("Send messages with POST .../conversation/messages.");
    expect(error(frameAction(holder("api_key", false), JSON.stringify({ type: "message", content: "hi" })))).toEqual({
      type: "error",
      problem: "forbidden",
      detail: "Writing needs the conversations:write scope.",
    });
  });
});
