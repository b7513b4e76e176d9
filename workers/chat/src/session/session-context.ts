import { DurableObject } from "cloudflare:workers";
import { createDb, errorForLog } from "@frontdesk/db";
import { sendOnChannel, type TemplateSend } from "../conversations/channel-outbound.ts";
import { emailSummary } from "../conversations/summary-email.ts";
import { assistantTools } from "../engine/assistant-tools.ts";
import { chooseResponder } from "../engine/choose-responder.ts";
import type { TurnDeps } from "../engine/pipeline.ts";
import { summarize } from "../engine/summary.ts";
import { planCustomerTurn } from "../engine/turn.ts";
import type { ChatEnv } from "../env.ts";
import { knowledgeSearcher } from "../knowledge/searcher.ts";
import { handedOverQuestion, suggestFromAnswer } from "../knowledge/suggest.ts";
import { activeSessions, agentPresence } from "../presence/stubs.ts";
import { deliverWebhooks } from "../webhooks/conversation-webhooks.ts";
import { assignAgent } from "./assign-agent.ts";
import { loadSession } from "./load-session.ts";
import { newMessage } from "./new-message.ts";
import { persistTurn, type TurnWrite } from "./persist-turn.ts";
import { framesPerMinute, nextSocketCheck, recheckSockets, socketStillAllowed, spendFrame } from "./socket-access.ts";
import { type SocketAttachment, socketAttachment } from "./socket-attachment.ts";
import { eventFor, parseFrame, readAttachment, type SessionEvent, sendQuietly } from "./socket-events.ts";
import {
  type ChannelInbound,
  type SessionMessage,
  type SessionState,
  sessionStateVersion,
  withMessages,
} from "./state.ts";
import { type MessageView, messageView, type SessionView, sessionView } from "./views.ts";

/** Why the session refused: each reason its own answer (a public route maps it to 404 or 409). */
export type Refusal = "not-found" | "conversation-closed" | "duplicate-message";

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Refusal; detail: string };

export interface TurnResult {
  message: MessageView;
  /** The assistant's answer; null while a person handles the conversation. */
  reply: MessageView | null;
  conversation: SessionView;
}

export type { SocketAttachment } from "./socket-attachment.ts";

export interface StaffAuthor {
  agentId: string | null;
  userId: string | null;
  /** The human agent's display name, shown to visitors with the reply. */
  name: string | null;
}

const notFound: Outcome<never> = {
  ok: false,
  reason: "not-found",
  detail: "No such conversation in this organization.",
};
const closed: Outcome<never> = {
  ok: false,
  reason: "conversation-closed",
  detail: "The conversation is closed; reopen it first.",
};

/**
 * One conversation's live context (seed 003's `session:{sessionId}:context`): the recent message
 * window, stage, extracted data and memory, so a turn never reads history from Postgres. Turns
 * and status changes run one at a time in arrival order; customers and agents follow the
 * conversation live over hibernatable WebSockets; an alarm closes it when it goes idle.
 */
export class SessionContext extends DurableObject<ChatEnv> {
  private state: SessionState | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  sendMessage(
    organizationId: string,
    conversationId: string,
    content: string,
    inbound?: ChannelInbound,
  ): Promise<Outcome<TurnResult>> {
    return this.exclusive(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") return closed;
      if (inbound && state.window.some((m) => m.externalMessageId === inbound.externalMessageId)) {
        return { ok: false, reason: "duplicate-message", detail: "This channel message was already received." };
      }
      return { ok: true, value: await this.customerTurn(state, content, inbound) };
    });
  }

  async agentReply(
    organizationId: string,
    conversationId: string,
    content: string,
    author: StaffAuthor,
    delivery: { viaProvider: boolean; template?: TemplateSend } = { viaProvider: false },
  ): Promise<Outcome<TurnResult>> {
    const { template } = delivery;
    let learnt: { question: SessionMessage; answer: SessionMessage } | undefined;
    const outcome = await this.exclusive(async (): Promise<Outcome<TurnResult>> => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") return closed;
      const message = {
        ...newMessage(state, "agent", content, {
          agentId: author.agentId,
          userId: author.userId,
          metadata: {
            ...(author.name ? { authorName: author.name } : {}),
            ...(template ? { template: template.name } : {}),
          },
        }),
        // On a provider channel the message waits for the provider, like the assistant's replies.
        ...(delivery.viaProvider ? { deliveryStatus: "pending" as const } : {}),
      };
      const next: SessionState = {
        ...state,
        status: "with_agent",
        agentId: author.agentId ?? state.agentId,
        handedOver: true,
      };
      await this.apply(next, {
        messages: [message],
        remember: {},
        events: [{ eventType: "agent_replied", messageId: message.id, properties: { userId: author.userId } }],
      });
      if (delivery.viaProvider) {
        // Stored already: a queue that cannot take it now is logged (the message shows as pending).
        await sendOnChannel(this.env, {
          kind: "send",
          organizationId,
          conversationId,
          messageId: message.id,
          content,
          ...(template ? { template } : {}),
        }).catch((error: unknown) =>
          console.error(
            JSON.stringify({ error: "channel-send-not-queued", messageId: message.id, ...errorForLog(error) }),
          ),
        );
      }
      const question = handedOverQuestion(state.window);
      if (question) learnt = { question, answer: message };
      return {
        ok: true,
        value: { message: messageView(next, message), reply: null, conversation: sessionView(this.current()) },
      };
    });
    // Outside the conversation's lock: the customer's next message does not wait for this. A
    // suggestion is a by-product, so failing to record one never fails the reply.
    if (learnt) {
      await suggestFromAnswer(createDb(this.env), organizationId, conversationId, learnt.question, learnt.answer).catch(
        (error: unknown) => console.warn("knowledge suggestion not recorded", error),
      );
    }
    return outcome;
  }

  handover(organizationId: string, conversationId: string, reason: string): Promise<Outcome<SessionView>> {
    return this.exclusive(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") return closed;
      if (state.handedOver) return { ok: true, value: sessionView(state) };
      const note = newMessage(state, "system", "The conversation was handed over to a team member.", {
        metadata: { reason },
      });
      await this.apply(await this.handedOver(state), {
        messages: [note],
        remember: {},
        events: [{ eventType: "handover_requested", properties: { reason } }],
      });
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  /**
   * Gives the conversation to a human agent (a take-over when they assign themselves), or back to
   * the queue with null. Either way the assistant stays quiet: a person has it now.
   */
  assign(organizationId: string, conversationId: string, agentId: string | null): Promise<Outcome<SessionView>> {
    return this.exclusive(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") return closed;
      if (state.agentId === agentId && state.handedOver) return { ok: true, value: sessionView(state) };
      const presence = agentPresence(this.env, organizationId);
      if (state.agentId) await presence.release(state.agentId, conversationId);
      if (agentId) await presence.hold(agentId, conversationId);
      const next: SessionState = {
        ...state,
        agentId,
        status: agentId ? "with_agent" : "waiting",
        handedOver: true,
        askedFor: [],
      };
      await this.apply(next, {
        messages: [],
        remember: {},
        events: [{ eventType: agentId ? "agent_assigned" : "agent_unassigned", properties: { agentId } }],
      });
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  close(organizationId: string, conversationId: string, reason: string): Promise<Outcome<SessionView>> {
    return this.exclusive(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") return { ok: true, value: sessionView(state) };
      await this.closeSession(state, reason);
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  reopen(organizationId: string, conversationId: string): Promise<Outcome<SessionView>> {
    return this.exclusive(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status !== "closed") return { ok: true, value: sessionView(state) };
      const next: SessionState = { ...state, status: "active", handedOver: false, agentId: null, askedFor: [] };
      await this.apply(next, {
        messages: [],
        remember: {},
        events: [{ eventType: "conversation_reopened", properties: {} }],
      });
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  /** The conversation as the session holds it (for tests and the dashboard). */
  /**
   * Drops the cached context (after an erasure or a merge changed what it holds): the next turn
   * rebuilds it from Postgres.
   */
  forget(): Promise<void> {
    return this.exclusive(async () => {
      this.state = undefined;
      this.ctx.storage.kv.delete("context");
    });
  }

  async snapshot(organizationId: string, conversationId: string): Promise<SessionState | undefined> {
    return this.session(organizationId, conversationId);
  }

  /** WebSocket upgrades only; the route has checked the caller and resolved who they are. */
  override async fetch(request: Request): Promise<Response> {
    const attachment = readAttachment(request.headers.get("x-session-socket"));
    const state = attachment && (await this.session(attachment.organizationId, attachment.conversationId));
    // Another tenant's conversation is not found, whatever else is wrong with the request.
    if (!attachment || !state) return new Response("not found", { status: 404 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [attachment.role]);
    server.serializeAttachment(attachment);
    server.send(JSON.stringify(eventFor(attachment, { type: "ready", conversation: sessionView(state) }, state)));
    const check = nextSocketCheck(this.ctx.getWebSockets());
    const armed = await this.ctx.storage.getAlarm();
    if (check !== undefined && (armed === null || armed > check)) await this.ctx.storage.setAlarm(check);
    // A browser that authenticated with a subprotocol (it cannot set headers) must hear it echoed.
    const protocol = request.headers.get("x-session-socket-protocol");
    return new Response(null, {
      status: 101,
      webSocket: client,
      ...(protocol ? { headers: { "sec-websocket-protocol": protocol } } : {}),
    });
  }

  override async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = socketAttachment.parse(socket.deserializeAttachment());
    // A frame obeys the rules of a request: a budget (spent before anything awaits, so frames that
    // arrive together are counted exactly), a working credential (checked on every frame: one
    // indexed query, next to the turn's own writes), the write scope.
    const spent = spendFrame(attachment.frames, Date.now());
    socket.serializeAttachment({ ...attachment, frames: spent.window });
    if (spent.retryAfter !== undefined) {
      socket.send(
        JSON.stringify({
          type: "error",
          problem: "rate-limited",
          retryAfter: spent.retryAfter,
          detail: `At most ${framesPerMinute} frames a minute.`,
        }),
      );
      return;
    }
    if (!(await socketStillAllowed(this.env, socket))) return;
    const frame = parseFrame(data);
    if (!frame) {
      socket.send(
        JSON.stringify({
          type: "error",
          detail: 'Send {"type":"message","content":"..."} (1-4000 characters) or {"type":"typing","typing":true}.',
        }),
      );
      return;
    }
    if (frame.type === "typing") {
      this.broadcastTyping(socket, attachment, frame.typing);
      return;
    }
    if (attachment.credential.kind === "visitor") {
      // A visitor's messages go through POST .../messages, where the channel's limits apply.
      socket.send(JSON.stringify({ type: "error", detail: "Send messages with POST .../conversation/messages." }));
      return;
    }
    if (!attachment.credential.canWrite) {
      socket.send(
        JSON.stringify({ type: "error", problem: "forbidden", detail: "Writing needs the conversations:write scope." }),
      );
      return;
    }
    const { organizationId, conversationId } = attachment;
    const outcome =
      attachment.role === "agent"
        ? await this.agentReply(organizationId, conversationId, frame.content, attachment.author)
        : await this.sendMessage(organizationId, conversationId, frame.content);
    if (!outcome.ok) socket.send(JSON.stringify({ type: "error", detail: outcome.detail }));
  }

  /** "Someone is typing", for the other side only (a visitor hears the agent, staff hear the visitor). */
  private broadcastTyping(from: WebSocket, attachment: SocketAttachment, typing: boolean): void {
    const event = JSON.stringify({
      type: "typing",
      role: attachment.role,
      typing,
      ...(attachment.role === "agent" ? { name: attachment.author.name } : {}),
    });
    for (const socket of this.ctx.getWebSockets()) {
      if (socket === from) continue;
      const other = socketAttachment.safeParse(socket.deserializeAttachment()).data;
      if (other && other.role !== attachment.role) sendQuietly(socket, event);
    }
  }

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, "closing");
  }

  /**
   * One alarm, two timers: closes the conversation once it has been idle for the organization's
   * idle time, and looks at open sockets' credentials (revoked keys, deactivated users, expired
   * sessions) even when they send nothing.
   */
  override async alarm(): Promise<void> {
    await recheckSockets(this.env, this.ctx.getWebSockets());
    await this.exclusive(async () => {
      const state = this.state ?? this.ctx.storage.kv.get<SessionState>("context");
      let idleUntil: number | undefined;
      if (state && state.status !== "closed") {
        this.state = state;
        idleUntil = Date.parse(state.lastMessageAt ?? state.startedAt) + state.idleCloseMinutes * 60_000;
        if (Date.now() >= idleUntil) {
          await this.closeSession(state, "idle");
          idleUntil = undefined;
        }
      }
      const next = Math.min(
        idleUntil ?? Number.POSITIVE_INFINITY,
        nextSocketCheck(this.ctx.getWebSockets()) ?? Number.POSITIVE_INFINITY,
      );
      if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
    });
  }

  private async customerTurn(state: SessionState, content: string, inbound?: ChannelInbound): Promise<TurnResult> {
    const plan = await planCustomerTurn(this.turnDeps(state), state, content, inbound);
    const next = plan.handover ? await this.handedOver(plan.next) : plan.next;
    await this.apply(next, plan.write);
    return {
      message: messageView(next, plan.message),
      reply: plan.reply && messageView(next, plan.reply),
      conversation: sessionView(this.current()),
    };
  }

  /** What a turn reaches: the agent's responder, knowledge search (by embedding too, when configured), the tools. */
  private turnDeps(state: SessionState): TurnDeps {
    const search = knowledgeSearcher(
      this.env,
      state.organizationId,
      { categories: state.knowledgeCategories },
      { embeddingModels: state.embeddingModels ?? [] },
    );
    return {
      responderFor: (model) => chooseResponder(this.env, model),
      search: (query, language) => search(query, language),
      tools: assistantTools(this.env, state),
    };
  }

  private async handedOver(state: SessionState): Promise<SessionState> {
    const agentId = await assignAgent(this.env, state.organizationId, state.conversationId);
    return { ...state, status: "waiting", handedOver: true, agentId: agentId ?? state.agentId, askedFor: [] };
  }

  private async closeSession(state: SessionState, reason: string): Promise<void> {
    const endedAt = new Date(Math.max(Date.now(), Date.parse(state.lastMessageAt ?? state.startedAt) + 1));
    const next: SessionState = { ...state, status: "closed" };
    const summary = summarize(next);
    await this.apply(next, {
      messages: [],
      // The next conversation with this customer starts knowing how the last one went.
      remember: { last_conversation_summary: summary },
      events: [{ eventType: "conversation_closed", properties: { reason } }],
      endedAt,
      summary,
      aiResolved: !state.handedOver,
    });
    if (state.agentId) await agentPresence(this.env, state.organizationId).release(state.agentId, state.conversationId);
    await this.ctx.storage.deleteAlarm();
    // The business's summary email is a by-product: it never holds the conversation's lock.
    this.ctx.waitUntil(emailSummary(this.env, this.current(), summary));
  }

  /** Persists a change in one database round trip, then makes it the session's state and tells every socket. */
  private async apply(next: SessionState, write: Omit<TurnWrite, "next">): Promise<void> {
    const updated = withMessages(next, write.messages);
    const webhooks = await persistTurn(createDb(this.env), { ...write, next: updated });
    this.ctx.waitUntil(deliverWebhooks(this.env, updated.organizationId, webhooks));
    this.state = updated;
    this.ctx.storage.kv.put("context", updated);
    const messages = write.messages.map((message) => messageView(updated, message));
    for (const message of messages) this.broadcast({ type: "message", message });
    const conversation = sessionView(updated);
    this.broadcast({ type: "conversation", conversation });
    // The organization's active set and its inbox feed: one call, whatever the status.
    await activeSessions(this.env, updated.organizationId).record({ type: "conversation", conversation, messages });
    if (updated.status !== "closed") await this.ctx.storage.setAlarm(Date.now() + updated.idleCloseMinutes * 60_000);
  }

  /** Tells every socket, each in its audience's terms (visitors never see what staff see). */
  private broadcast(event: SessionEvent): void {
    const state = this.current();
    const staff = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets()) {
      const attachment = socketAttachment.safeParse(socket.deserializeAttachment()).data;
      if (attachment?.credential.kind !== "visitor") sendQuietly(socket, staff);
      else {
        const visitorEvent = eventFor(attachment, event, state);
        if (visitorEvent) sendQuietly(socket, JSON.stringify(visitorEvent));
      }
    }
  }

  private current(): SessionState {
    if (!this.state) throw new Error("session state missing after a write");
    return this.state;
  }

  /** The session's state: memory, then storage, then rebuilt from Postgres (after loss). */
  private async session(organizationId: string, conversationId: string): Promise<SessionState | undefined> {
    this.state ??= this.ctx.storage.kv.get<SessionState>("context");
    // A session stored in an older shape is rebuilt: Postgres has everything it holds.
    if (!this.state || this.state.version !== sessionStateVersion) {
      const loaded = await loadSession(createDb(this.env), organizationId, conversationId);
      if (!loaded) return undefined;
      this.state = loaded;
      this.ctx.storage.kv.put("context", loaded);
    }
    const state = this.state;
    return state.organizationId === organizationId && state.conversationId === conversationId ? state : undefined;
  }

  /** Runs work after everything queued before it: one conversation's turns never interleave. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
