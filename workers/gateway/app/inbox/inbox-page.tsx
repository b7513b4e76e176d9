import { useEffect, useRef, useState } from "preact/hooks";
import { Alert } from "../alert.tsx";
import { api, query } from "../api.ts";
import { liveFeed } from "../live.ts";
import { SearchBox } from "../search-box.tsx";
import type { InboxPage as InboxAnswer, Queue } from "../types.ts";
import { useAsync } from "../use-async.ts";
import { ConversationView } from "./conversation-view.tsx";
import { QueueList } from "./queue-list.tsx";

/** The most often the list reloads for live changes. */
const reloadEveryMs = 1_000;

const queues: [Queue, string][] = [
  ["waiting", "Waiting"],
  ["mine", "Mine"],
  ["open", "All open"],
  ["closed", "Closed"],
];

/** The inbox: queues and search on the left, the open conversation and its customer beside. */
export function InboxPage({ selectedId }: { selectedId: string | undefined }) {
  const [queue, setQueue] = useState<Queue>("open");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const inbox = useAsync(
    // Open queues put the most pressing first (an escalation's priority, then the latest activity).
    (signal) =>
      api<InboxAnswer>(
        `/v1/inbox${query({ queue, q: search, limit: 50, ...(queue === "closed" ? {} : { sort: "priority" }) })}`,
        { signal },
      ),
    [queue, search],
  );
  // Live: a change in the organization reloads the list (the server orders and counts it), at most
  // once a second however busy the organization is; the open conversation is patched from the
  // event itself, at once.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastReload = useRef(0);
  useEffect(
    () =>
      liveFeed.subscribe((event) => {
        if (event.type === "note" || pending.current) return;
        const wait = Math.max(50, reloadEveryMs - (Date.now() - lastReload.current));
        pending.current = setTimeout(() => {
          pending.current = undefined;
          lastReload.current = Date.now();
          void inbox.reload();
        }, wait);
      }),
    [inbox.reload],
  );
  useEffect(() => () => clearTimeout(pending.current), []);
  const counts = inbox.data?.counts;
  return (
    <main class="inbox">
      <section class="queues" aria-label="Conversations">
        <div class="tabs" role="tablist" aria-label="Queues">
          {queues.map(([key, label]) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={queue === key}
              class={queue === key ? "tab selected" : "tab"}
              onClick={() => setQueue(key)}
            >
              {label}
              {counts && key !== "closed" && <span class="count">{counts[key]}</span>}
            </button>
          ))}
        </div>
        <SearchBox
          label="Search conversations"
          placeholder="Search name, email, phone…"
          value={typed}
          onChange={setTyped}
        />
        <Alert message={inbox.error} onRetry={() => void inbox.reload()} />
        <QueueList items={inbox.data?.data ?? []} selectedId={selectedId} loading={inbox.loading && !inbox.data} />
      </section>
      {selectedId ? (
        <ConversationView
          key={selectedId}
          id={selectedId}
          customer={inbox.data?.data.find((item) => item.id === selectedId)?.customer}
        />
      ) : (
        <section class="empty-state" aria-label="Conversation">
          <p>Pick a conversation. Use ↑ and ↓ in the list, Enter to open.</p>
        </section>
      )}
    </main>
  );
}
