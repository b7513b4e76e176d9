import { DurableObject } from "cloudflare:workers";
import { createDb } from "@frontdesk/db";
import {
  type ChannelInbound,
  type SessionMessage,
  type SessionState,
  sessionStateVersion,
} from "../conversation/state.ts";
import { messageView, type SessionView, sessionView } from "../conversation/views.ts";
import { isolateLanguageDetector } from "../engine/language-model.ts";
import { planCustomerTurn } from "../engine/turn.ts";
import type { ChatEnv } from "../env.ts";
import { handedOverQuestion, suggestFromAnswer } from "../knowledge/suggest.ts";
import { sendPersonMessage, type TemplateSend } from "../outbound/channel-outbound.ts";
import { emailSummary } from "../outbound/summary-email.ts";
import { InboxFeed } from "../presence/inbox-feed.ts";
import { agentPresence } from "../presence/stubs.ts";
import { nextSocketCheck, recheckSockets, socketStillAllowed } from "../sockets/socket-access.ts";
import { socketAttachment } from "../sockets/socket-attachment.ts";
import { readAttachment } from "../sockets/socket-events.ts";
import { applyChange } from "./apply-change.ts";
import { assignAgent } from "./assign-agent.ts";
import { closing, idleDeadline, nextAlarm } from "./idle-close.ts";
import { acceptSocket, broadcastTyping, frameAction, spendSocketFrame } from "./live-sockets.ts";
import { loadSession } from "./load-session.ts";
import { closed, notFound, type Outcome, type TurnResult } from "./outcomes.ts";
import {
  agentReply,
  assignment,
  type Change,
  handoverNote,
  reopening,
  type StaffAuthor,
  waitingForPerson,
} from "./staff-actions.ts";
import { turnDeps } from "./turn-deps.ts";
import { TurnQueue } from "./turn-queue.ts";

/**
 * One conversation's live context (seed 003's `session:{sessionId}:context`): the recent message
 * window, stage, extracted data and memory, so a turn never reads history from Postgres. A thin
 * shell: turns and staff actions run one at a time (`TurnQueue`) as plain changes of its state
 * (`engine/turn.ts`, `staff-actions.ts`, `idle-close.ts`), each written at once (`persist-turn.ts`)
 * and told to its live sockets (`live-sockets.ts`); an alarm closes it when it goes idle.
 */
export class SessionContext extends DurableObject<ChatEnv> {
  private state: SessionState | undefined;
  private readonly queue = new TurnQueue();
  private readonly inbox = new InboxFeed(this.env, this.ctx);

  sendMessage(
    organizationId: string,
    conversationId: string,
    content: string,
    inbound?: ChannelInbound,
  ): Promise<Outcome<TurnResult>> {
    // A cold isolate reads the language model while the session loads.
    const language = isolateLanguageDetector(this.env.ASSETS);
    return this.open(organizationId, conversationId, async (state) => {
      if (inbound && state.window.some((m) => m.externalMessageId === inbound.externalMessageId)) {
        return { ok: false, reason: "duplicate-message", detail: "This channel message was already received." };
      }
      const plan = await planCustomerTurn(turnDeps(this.env, state, await language), state, content, inbound);
      const next = plan.handover ? await this.handedOver(plan.next) : plan.next;
      await this.apply({ next, write: plan.write });
      return {
        ok: true,
        value: {
          message: messageView(next, plan.message),
          reply: plan.reply && messageView(next, plan.reply),
          conversation: sessionView(this.current()),
        },
      };
    });
  }

  async agentReply(
    organizationId: string,
    conversationId: string,
    content: string,
    author: StaffAuthor,
    delivery: { viaProvider: boolean; template?: TemplateSend } = { viaProvider: false },
  ): Promise<Outcome<TurnResult>> {
    let learnt: { question: SessionMessage; answer: SessionMessage } | undefined;
    const outcome = await this.open(organizationId, conversationId, async (state): Promise<Outcome<TurnResult>> => {
      const { message, ...change } = agentReply(state, content, author, delivery);
      await this.apply(change);
      if (delivery.viaProvider) {
        const { template } = delivery;
        await sendPersonMessage(this.env, {
          organizationId,
          conversationId,
          messageId: message.id,
          content,
          ...(template ? { template } : {}),
        });
      }
      const question = handedOverQuestion(state.window);
      if (question) learnt = { question, answer: message };
      const conversation = sessionView(this.current());
      return { ok: true, value: { message: messageView(change.next, message), reply: null, conversation } };
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
    return this.open(organizationId, conversationId, async (state) => {
      if (!state.handedOver)
        await this.apply({ next: await this.handedOver(state), write: handoverNote(state, reason) });
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  assign(organizationId: string, conversationId: string, agentId: string | null): Promise<Outcome<SessionView>> {
    return this.open(organizationId, conversationId, async (state) => {
      if (state.agentId === agentId && state.handedOver) return { ok: true, value: sessionView(state) };
      const presence = agentPresence(this.env, organizationId);
      if (state.agentId) await presence.release(state.agentId, conversationId);
      if (agentId) await presence.hold(agentId, conversationId);
      await this.apply(assignment(state, agentId));
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  close(organizationId: string, conversationId: string, reason: string): Promise<Outcome<SessionView>> {
    return this.queue.run(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status !== "closed") await this.closeSession(state, reason);
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  reopen(organizationId: string, conversationId: string): Promise<Outcome<SessionView>> {
    return this.queue.run(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      if (state.status === "closed") await this.apply(reopening(state));
      return { ok: true, value: sessionView(this.current()) };
    });
  }

  /** Drops the cached context (after an erasure or a merge): the next turn rebuilds it from Postgres. */
  forget(): Promise<void> {
    return this.queue.run(async () => {
      this.state = undefined;
      this.ctx.storage.kv.delete("context");
    });
  }

  /** The conversation as the session holds it (for tests and the dashboard). */
  async snapshot(organizationId: string, conversationId: string): Promise<SessionState | undefined> {
    return this.session(organizationId, conversationId);
  }

  /** WebSocket upgrades only; the route has checked the caller and resolved who they are. */
  override async fetch(request: Request): Promise<Response> {
    const attachment = readAttachment(request.headers.get("x-session-socket"));
    const state = attachment && (await this.session(attachment.organizationId, attachment.conversationId));
    // Another tenant's conversation is not found, whatever else is wrong with the request.
    if (!attachment || !state) return new Response("not found", { status: 404 });
    return acceptSocket(this.ctx, request, attachment, state);
  }

  override async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = socketAttachment.parse(socket.deserializeAttachment());
    const overBudget = spendSocketFrame(socket, attachment);
    if (overBudget) return socket.send(JSON.stringify(overBudget));
    // A working credential, checked on every frame (one indexed query, next to the turn's writes).
    if (!(await socketStillAllowed(this.env, socket))) return;
    const action = frameAction(attachment, data);
    if ("error" in action) return socket.send(JSON.stringify(action.error));
    if ("typing" in action) return broadcastTyping(this.ctx.getWebSockets(), socket, attachment, action.typing);
    const { organizationId, conversationId } = attachment;
    const outcome =
      attachment.role === "agent"
        ? await this.agentReply(organizationId, conversationId, action.write, attachment.author)
        : await this.sendMessage(organizationId, conversationId, action.write);
    if (!outcome.ok) socket.send(JSON.stringify({ type: "error", detail: outcome.detail }));
  }

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    socket.close(code === 1005 ? 1000 : code, "closing");
  }

  /** One alarm, two timers: the idle close, and open sockets' credentials (even silent ones). */
  override async alarm(): Promise<void> {
    await recheckSockets(this.env, this.ctx.getWebSockets());
    await this.queue.run(async () => {
      this.state ??= this.ctx.storage.kv.get<SessionState>("context");
      let idleUntil = idleDeadline(this.state);
      if (this.state && idleUntil !== undefined && Date.now() >= idleUntil) {
        await this.closeSession(this.state, "idle");
        idleUntil = undefined;
      }
      const next = nextAlarm(idleUntil, nextSocketCheck(this.ctx.getWebSockets()));
      if (next !== undefined) await this.ctx.storage.setAlarm(next);
    });
  }

  /** Runs work on an open conversation of this tenant, in turn; a missing or closed one is refused. */
  private open<T>(
    organizationId: string,
    conversationId: string,
    work: (state: SessionState) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    return this.queue.run(async () => {
      const state = await this.session(organizationId, conversationId);
      if (!state) return notFound;
      return state.status === "closed" ? closed : work(state);
    });
  }

  private async handedOver(state: SessionState): Promise<SessionState> {
    return waitingForPerson(state, await assignAgent(this.env, state.organizationId, state.conversationId));
  }

  private async closeSession(state: SessionState, reason: string): Promise<void> {
    const { summary, ...change } = closing(state, reason);
    await this.apply(change);
    if (state.agentId) await agentPresence(this.env, state.organizationId).release(state.agentId, state.conversationId);
    await this.ctx.storage.deleteAlarm();
    // The business's summary email is a by-product: it never holds the conversation's lock.
    this.ctx.waitUntil(emailSummary(this.env, this.current(), summary));
  }

  private async apply({ next, write }: Change): Promise<void> {
    this.state = await applyChange(this.env, this.ctx, this.inbox, next, write);
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
}
