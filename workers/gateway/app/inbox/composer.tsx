import { useMemo, useRef, useState } from "preact/hooks";
import { Alert } from "../alert.tsx";
import { api } from "../api.ts";
import type { CannedResponse } from "../types.ts";
import { useAction, useAsync } from "../use-async.ts";

type Mode = "reply" | "note";

/**
 * Reply to the customer or write a private note. Typing "/" at the start lists the organization's
 * canned responses (↑/↓ to pick, Enter or Tab to insert, Esc to close); Ctrl+Enter sends.
 */
export function Composer({
  conversationId,
  onTyping,
}: {
  conversationId: string;
  /** The agent is typing a reply (never for a private note: the customer must not hear of those). */
  onTyping: (typing: boolean) => void;
}) {
  const [mode, setMode] = useState<Mode>("reply");
  const [text, setText] = useState("");
  const [picked, setPicked] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const send = useAction();
  const canned = useAsync(() => api<{ data: CannedResponse[] }>("/v1/canned-responses?limit=100"), []);

  const slash = /^\/([\w-]*)$/.exec(text);
  const matches = useMemo(() => {
    if (!slash || dismissed) return [];
    const typed = (slash[1] ?? "").toLowerCase();
    return (canned.data?.data ?? []).filter(
      (row) => row.shortcut.startsWith(typed) || row.title.toLowerCase().includes(typed),
    );
  }, [slash?.[1], dismissed, canned.data]);

  const insert = (row: CannedResponse) => {
    setText(row.content);
    setPicked(0);
    input.current?.focus();
  };
  const submit = () => {
    const content = text.trim();
    if (!content) return;
    void send
      .run(() =>
        mode === "reply"
          ? api(`/v1/conversations/${conversationId}/agent-messages`, { method: "POST", body: { content } })
          : api(`/v1/conversations/${conversationId}/notes`, { method: "POST", body: { content } }),
      )
      .then((ok) => {
        if (!ok) return;
        setText("");
        onTyping(false);
      });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (matches.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setPicked((index) => (index + step + matches.length) % matches.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const row = matches[Math.min(picked, matches.length - 1)];
        if (row) insert(row);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
  const listId = `canned-${conversationId}`;
  return (
    <form
      class={`composer ${mode}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <fieldset class="modes">
        <legend class="visually-hidden">Write</legend>
        <label>
          <input type="radio" name="mode" checked={mode === "reply"} onChange={() => setMode("reply")} /> Reply
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            checked={mode === "note"}
            onChange={() => {
              setMode("note");
              onTyping(false);
            }}
          />{" "}
          Private note
        </label>
      </fieldset>
      {matches.length > 0 && (
        <p id={`${listId}-hint`} class="visually-hidden" aria-live="polite">
          {matches.length} canned responses: ↑ and ↓ to choose, Enter to insert, Esc to close.
        </p>
      )}
      {matches.length > 0 && (
        <ul class="canned" id={listId} aria-label="Canned responses">
          {matches.map((row, index) => (
            <li key={row.id}>
              <button
                type="button"
                tabIndex={-1}
                aria-current={index === picked ? "true" : undefined}
                class={index === picked ? "selected" : ""}
                onMouseDown={(event) => {
                  event.preventDefault();
                  insert(row);
                }}
              >
                <strong>/{row.shortcut}</strong> {row.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="visually-hidden" for={`composer-${conversationId}`}>
        {mode === "reply" ? "Reply to the customer" : "Private note for the team"}
      </label>
      <textarea
        id={`composer-${conversationId}`}
        ref={input}
        rows={3}
        value={text}
        aria-describedby={matches.length > 0 ? `${listId}-hint` : undefined}
        placeholder={
          mode === "reply" ? "Reply… (type / for canned responses)" : "Note for the team, never sent to the customer"
        }
        onInput={(event) => {
          setText(event.currentTarget.value);
          if (mode === "reply") onTyping(event.currentTarget.value.trim() !== "");
          setDismissed(false);
          setPicked(0);
        }}
        onKeyDown={onKeyDown}
      />
      <Alert message={send.error} />
      <div class="row">
        <span class="muted small">Ctrl+Enter to send</span>
        <button type="submit" class="primary" disabled={send.busy || !text.trim()}>
          {mode === "reply" ? "Send reply" : "Add note"}
        </button>
      </div>
    </form>
  );
}
