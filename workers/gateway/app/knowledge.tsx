import { useMemo, useState } from "preact/hooks";
import { Alert } from "./alert.tsx";
import { api } from "./api.ts";
import { percent } from "./format.ts";
import { SearchBox } from "./search-box.tsx";
import type { AnswerPreview, KnowledgeEntry } from "./types.ts";
import { useAction, useAsync } from "./use-async.ts";

/** Every entry, page after page (a knowledge base is hundreds of entries, not millions). */
async function loadAll(signal: AbortSignal): Promise<KnowledgeEntry[]> {
  const entries: KnowledgeEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: KnowledgeEntry[]; nextCursor: string | null } = await api(
      `/v1/knowledge?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { signal },
    );
    entries.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && entries.length < 2000);
  return entries;
}

interface Draft {
  id?: string;
  title: string;
  content: string;
  category: string;
  keywords: string;
  exampleQuestions: string;
  language: string;
  isPublished: boolean;
}

const emptyDraft: Draft = {
  title: "",
  content: "",
  category: "",
  keywords: "",
  exampleQuestions: "",
  language: "en",
  isPublished: true,
};
const toDraft = (entry: KnowledgeEntry): Draft => ({
  id: entry.id,
  title: entry.title,
  content: entry.content,
  category: entry.category ?? "",
  keywords: entry.keywords.join(", "),
  exampleQuestions: entry.exampleQuestions.join("\n"),
  language: entry.language,
  isPublished: entry.isPublished,
});
/** The languages retrieval can tell apart (the chat worker's detectable languages). */
const languages = ["da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "nb", "pt", "ro", "ru", "sv", "tr"];
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);

/** The knowledge base: find, add, edit and delete entries, and preview what the assistant would answer. */
export function KnowledgeEditor({ canWrite }: { canWrite: boolean }) {
  const entries = useAsync(loadAll, []);
  const [filter, setFilter] = useState("");
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const save = useAction();
  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return (entries.data ?? []).filter((entry) => {
      const text = `${entry.title} ${entry.content} ${entry.keywords.join(" ")} ${entry.category ?? ""}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }, [entries.data, filter]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    const body = {
      title: draft.title,
      content: draft.content,
      category: draft.category.trim() || null,
      keywords: list(draft.keywords, /,/),
      exampleQuestions: list(draft.exampleQuestions, /\n/),
      language: draft.language,
      isPublished: draft.isPublished,
    };
    void save
      .run(() =>
        draft.id
          ? api(`/v1/knowledge/${draft.id}`, { method: "PATCH", body })
          : api("/v1/knowledge", { method: "POST", body }),
      )
      .then((ok) => {
        if (!ok) return;
        setDraft(undefined);
        void entries.reload();
      });
  };
  const remove = (entry: Draft) => {
    if (!entry.id || !confirm(`Delete "${entry.title}"? The assistant stops answering from it at once.`)) return;
    void save
      .run(() => api(`/v1/knowledge/${entry.id}`, { method: "DELETE" }))
      .then((ok) => {
        if (!ok) return;
        setDraft(undefined);
        void entries.reload();
      });
  };
  const field = (key: keyof Draft) => (event: Event) => {
    const target = event.currentTarget as HTMLInputElement;
    setDraft((current) => current && { ...current, [key]: target.type === "checkbox" ? target.checked : target.value });
  };

  return (
    <main class="page knowledge">
      <div class="row">
        <h1>Knowledge</h1>
        {canWrite && (
          <button type="button" class="primary" onClick={() => setDraft({ ...emptyDraft })}>
            Add entry
          </button>
        )}
      </div>
      <Preview />
      <div class="split">
        <section aria-label="Entries">
          <SearchBox label="Search entries" placeholder="Search entries…" value={filter} onChange={setFilter} />
          <Alert message={entries.error} onRetry={() => void entries.reload()} />
          <p class="muted small" role="status">
            {entries.data ? `${shown.length} of ${entries.data.length} entries` : "Loading…"}
          </p>
          <ul class="items">
            {shown.map((entry) => (
              <li key={entry.id}>
                <button type="button" class="item" onClick={() => setDraft(toDraft(entry))}>
                  <strong>{entry.title}</strong>
                  <span class="preview">{entry.content}</span>
                  <span class="small muted">
                    {entry.category ?? "uncategorised"} · {entry.language}
                    {entry.isPublished ? "" : " · draft"}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {draft && (
          <form class="card editor" onSubmit={submit} aria-label={draft.id ? "Edit entry" : "New entry"}>
            <h2>{draft.id ? "Edit entry" : "New entry"}</h2>
            <fieldset disabled={!canWrite}>
              <label>
                Title
                <input required maxLength={300} value={draft.title} onInput={field("title")} />
              </label>
              <label>
                Answer
                <textarea required rows={6} value={draft.content} onInput={field("content")} />
              </label>
              <label>
                Category
                <input value={draft.category} onInput={field("category")} />
              </label>
              <label>
                Keywords (comma separated)
                <input value={draft.keywords} onInput={field("keywords")} />
              </label>
              <label>
                Example questions (one per line)
                <textarea rows={3} value={draft.exampleQuestions} onInput={field("exampleQuestions")} />
              </label>
              <label>
                Language
                <select value={draft.language} onChange={field("language")}>
                  {languages.map((code) => (
                    <option key={code} value={code}>
                      {languageNames.of(code) ?? code}
                    </option>
                  ))}
                </select>
              </label>
              <label class="inline">
                <input type="checkbox" checked={draft.isPublished} onChange={field("isPublished")} /> Published
              </label>
            </fieldset>
            <Alert message={save.error} />
            <div class="row">
              {canWrite && (
                <button type="submit" class="primary" disabled={save.busy}>
                  Save
                </button>
              )}
              {canWrite && draft.id && (
                <button type="button" class="danger" disabled={save.busy} onClick={() => remove(draft)}>
                  Delete
                </button>
              )}
              <button type="button" onClick={() => setDraft(undefined)}>
                {canWrite ? "Cancel" : "Close"}
              </button>
            </div>
            {!canWrite && <p class="muted small">Only admins change the knowledge base.</p>}
          </form>
        )}
      </div>
    </main>
  );
}

/** Type a question, see what the assistant would answer (the engine's own retrieval and threshold). */
function Preview() {
  const [question, setQuestion] = useState("");
  const [answer, setAnswer] = useState<AnswerPreview | undefined>(undefined);
  const ask = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void ask.run(async () => {
      setAnswer(await api<AnswerPreview>("/v1/knowledge/preview", { method: "POST", body: { question } }));
    });
  };
  return (
    <form class="card preview-box" onSubmit={submit} aria-label="Answer preview">
      <label>
        Ask as a customer would
        <div class="row">
          <input
            required
            maxLength={500}
            value={question}
            placeholder="e.g. do u fix punctures"
            onInput={(e) => setQuestion(e.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={ask.busy}>
            Preview
          </button>
        </div>
      </label>
      <Alert message={ask.error} />
      {answer && (
        <div class="answer" role="status">
          <p class={answer.handover ? "handover" : ""}>{answer.reply}</p>
          <p class="meta">
            <span>confidence {percent(answer.confidence)}</span>
            <span>threshold {percent(answer.threshold)}</span>
            <span>intent {answer.intent}</span>
            {answer.handover && <span>would hand over to a person</span>}
            {answer.sources.map((source) => (
              <span key={source.id}>
                source: {source.title} ({percent(source.score)})
              </span>
            ))}
          </p>
        </div>
      )}
    </form>
  );
}
