import { ago, customerLabel, statusLabel } from "../format.ts";
import type { InboxItem } from "../types.ts";

/** Moves focus between the list's conversations with ↑/↓ (and j/k); Enter follows the link. */
function moveFocus(event: KeyboardEvent) {
  const step =
    event.key === "ArrowDown" || event.key === "j" ? 1 : event.key === "ArrowUp" || event.key === "k" ? -1 : 0;
  if (!step) return;
  const links = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLAnchorElement>("a.item")];
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[Math.max(0, Math.min(links.length - 1, index + step))];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export function QueueList({
  items,
  selectedId,
  loading,
}: {
  items: InboxItem[];
  selectedId: string | undefined;
  loading: boolean;
}) {
  if (loading) return <p class="muted pad">Loading…</p>;
  if (items.length === 0) return <p class="muted pad">Nothing here.</p>;
  return (
    <ul class="items" aria-label="Conversation list" onKeyDown={moveFocus}>
      {items.map((item) => (
        <li key={item.id}>
          <a
            class={item.id === selectedId ? "item selected" : "item"}
            href={`#/inbox/${item.id}`}
            aria-current={item.id === selectedId ? "true" : undefined}
            data-conversation={item.id}
          >
            <span class="row">
              <strong>{customerLabel(item.customer)}</strong>
              <time dateTime={item.lastActivityAt}>{ago(item.lastActivityAt)}</time>
            </span>
            <span class="preview">
              {item.lastMessage
                ? `${item.lastMessage.role === "customer" ? "" : `${item.lastMessage.role}: `}${item.lastMessage.content}`
                : "No messages yet"}
            </span>
            <span class="row small">
              <span class={`badge ${item.status}`}>{statusLabel[item.status]}</span>
              {(item.priority === "urgent" || item.priority === "high") && (
                <span class={`badge priority-${item.priority}`} title="Priority an escalation rule gave it">
                  {item.priority === "urgent" ? "Urgent" : "High"}
                  {item.escalationCategory ? ` · ${item.escalationCategory}` : ""}
                </span>
              )}
              {item.channel && <span class="muted">{item.channel.name}</span>}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
