import { useEffect } from "preact/hooks";
import { Alert } from "../alert.tsx";
import { api } from "../api.ts";
import { customerLabel, statusLabel, time } from "../format.ts";
import { liveFeed } from "../live.ts";
import type { Agent, Conversation, InboxItem, Message, Note } from "../types.ts";
import { useAction, useAsync } from "../use-async.ts";
import { Composer } from "./composer.tsx";
import { CustomerPanel } from "./customer-panel.tsx";
import { useTyping } from "./typing.ts";

type Entry = { kind: "message"; at: string; message: Message } | { kind: "note"; at: string; note: Note };

interface Loaded {
  conversation: Conversation;
  messages: Message[];
  notes: Note[];
  /** Where the earlier messages start (null: all are shown). */
  earlier: string | null;
}

const pageSize = 50;

async function loadConversation(id: string, signal: AbortSignal): Promise<Loaded> {
  const [{ conversation }, messages, notes] = await Promise.all([
    api<{ conversation: Conversation }>(`/v1/conversations/${id}`, { signal }),
    api<{ data: Message[]; nextCursor: string | null }>(`/v1/conversations/${id}/messages?limit=${pageSize}`, {
      signal,
    }),
    api<{ data: Note[] }>(`/v1/conversations/${id}/notes`, { signal }),
  ]);
  // Opening the conversation reads the customer's messages (WhatsApp shows them the blue ticks).
  // A read-only login cannot mark them: it still sees the conversation.
  void api(`/v1/conversations/${id}/read`, { method: "POST" }).catch(() => undefined);
  return { conversation, messages: messages.data.reverse(), notes: notes.data, earlier: messages.nextCursor };
}

const withoutDuplicates = <T extends { id: string }>(items: T[]) =>
  items.filter((item, index) => items.findIndex((other) => other.id === item.id) === index);

/** One conversation: the timeline (messages and private notes), the actions, the composer, the customer. */
export function ConversationView({ id, customer }: { id: string; customer?: InboxItem["customer"] | undefined }) {
  const loaded = useAsync((signal) => loadConversation(id, signal), [id]);
  const agents = useAsync(() => api<{ data: Agent[] }>("/v1/presence/agents?limit=100"), []);
  const me = useAsync(() => api<{ presence: Agent }>("/v1/presence/me").catch(() => undefined), []);
  const action = useAction();
  const typing = useTyping(id);
  const { setData } = loaded;

  useEffect(
    () =>
      liveFeed.subscribe((event) => {
        if (event.type === "ready") void loaded.reload();
        if (event.type === "conversation" && event.conversation.id === id)
          setData(
            (current) =>
              current && {
                ...current,
                conversation: {
                  ...current.conversation,
                  status: event.conversation.status,
                  agentId: event.conversation.agentId,
                },
                messages: withoutDuplicates([...current.messages, ...event.messages]),
              },
          );
        if (event.type === "note" && event.note.conversationId === id)
          setData((current) => current && { ...current, notes: withoutDuplicates([...current.notes, event.note]) });
      }),
    [id, setData, loaded.reload],
  );

  if (loaded.error && !loaded.data)
    return (
      <section class="conversation" aria-label="Conversation">
        <Alert message={loaded.error} onRetry={() => void loaded.reload()} />
      </section>
    );
  if (!loaded.data)
    return (
      <section class="conversation" aria-label="Conversation">
        <p class="muted pad">Loading…</p>
      </section>
    );
  const { conversation, messages, notes, earlier } = loaded.data;
  const showEarlier = (cursor: string) =>
    action.run(async () => {
      const page = await api<{ data: Message[]; nextCursor: string | null }>(
        `/v1/conversations/${id}/messages?limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`,
      );
      setData(
        (current) =>
          current && {
            ...current,
            messages: withoutDuplicates([...page.data.reverse(), ...current.messages]),
            earlier: page.nextCursor,
          },
      );
    });
  const timeline: Entry[] = [
    ...messages.map((message): Entry => ({ kind: "message", at: message.sentAt, message })),
    ...notes.map((note): Entry => ({ kind: "note", at: note.createdAt, note })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const myAgentId = me.data?.presence.agentId;
  const closed = conversation.status === "closed";
  const act = (path: string, body?: unknown) =>
    action.run(async () => {
      const answer = await api<{ conversation: Partial<Conversation> }>(`/v1/conversations/${id}/${path}`, {
        method: "POST",
        ...(body !== undefined ? { body } : {}),
      });
      setData(
        (current) => current && { ...current, conversation: { ...current.conversation, ...answer.conversation } },
      );
    });
  const agentName = (agentId: string | null) =>
    agents.data?.data.find((agent) => agent.agentId === agentId)?.displayName ?? (agentId ? "an agent" : "nobody");

  return (
    <>
      <section class="conversation" aria-label="Conversation">
        <header class="conversation-head">
          <div>
            <h1>{conversation.title ?? (customer ? customerLabel(customer) : "Conversation")}</h1>
            <p class="small">
              <span class={`badge ${conversation.status}`}>{statusLabel[conversation.status]}</span>{" "}
              {conversation.agentId && <span class="muted">held by {agentName(conversation.agentId)}</span>}
            </p>
          </div>
          <div class="actions">
            {!closed && myAgentId && conversation.agentId !== myAgentId && (
              <button
                type="button"
                class="primary"
                disabled={action.busy}
                onClick={() => void act("assign", { agentId: "me" })}
              >
                Take over
              </button>
            )}
            {!closed && (
              <label>
                <span class="visually-hidden">Assign to</span>
                <select
                  value={conversation.agentId ?? ""}
                  disabled={action.busy}
                  onChange={(e) => void act("assign", { agentId: e.currentTarget.value || null })}
                >
                  <option value="">Unassigned</option>
                  {agents.data?.data.map((agent) => (
                    <option key={agent.agentId} value={agent.agentId}>
                      {agent.displayName} ({agent.status})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {closed ? (
              <button type="button" disabled={action.busy} onClick={() => void act("reopen")}>
                Reopen
              </button>
            ) : (
              <button type="button" disabled={action.busy} onClick={() => void act("close")}>
                Close
              </button>
            )}
          </div>
        </header>
        <Alert message={action.error} />
        <ol class="timeline" aria-label="Messages and notes" aria-live="polite">
          {earlier && (
            <li class="earlier">
              <button type="button" class="link" disabled={action.busy} onClick={() => void showEarlier(earlier)}>
                Show earlier messages
              </button>
            </li>
          )}
          {timeline.map((entry) =>
            entry.kind === "note" ? (
              <li key={entry.note.id} class="entry note">
                <span class="who">Private note · {entry.note.authorName ?? "staff"}</span>
                <p>{entry.note.content}</p>
                <time dateTime={entry.at}>{time(entry.at)}</time>
              </li>
            ) : (
              <MessageEntry key={entry.message.id} message={entry.message} agentName={agentName} />
            ),
          )}
        </ol>
        <p class="typing small" aria-live="polite">
          {typing.customerTyping ? "The customer is typing…" : ""}
        </p>
        {closed ? (
          <p class="muted pad">This conversation is closed. Reopen it to reply.</p>
        ) : (
          <Composer conversationId={id} onTyping={typing.sendTyping} />
        )}
      </section>
      <CustomerPanel customerId={conversation.customerId} conversationId={id} />
    </>
  );
}

function MessageEntry({ message, agentName }: { message: Message; agentName: (id: string | null) => string }) {
  const meta = message.metadata;
  const sources = Array.isArray(meta.sources) ? (meta.sources as { title?: string }[]) : [];
  const who =
    message.role === "customer"
      ? "Customer"
      : message.role === "agent"
        ? String(meta.authorName ?? agentName(message.agentId))
        : message.role === "assistant"
          ? typeof meta.agent === "string"
            ? `${meta.agent} (assistant)`
            : "Assistant"
          : "System";
  return (
    <li class={`entry ${message.role}`}>
      <span class="who">{who}</span>
      <p>{message.content}</p>
      {message.role === "assistant" && (
        <p class="meta">
          {typeof meta.stage === "string" && <span>stage {meta.stage}</span>}
          {typeof meta.intent === "string" && <span>intent {meta.intent}</span>}
          {typeof meta.confidence === "number" && <span>confidence {Math.round(meta.confidence * 100)}%</span>}
          {sources.length > 0 && <span>sources: {sources.map((source) => source.title).join(", ")}</span>}
          {typeof meta.handover === "string" && <span>handed over ({meta.handover.replaceAll("_", " ")})</span>}
        </p>
      )}
      <time dateTime={message.sentAt}>{time(message.sentAt)}</time>
    </li>
  );
}
