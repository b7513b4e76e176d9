import { useState } from "preact/hooks";
import { Alert } from "./alert.tsx";
import { api } from "./api.ts";
import { ago } from "./format.ts";
import type { ToolCall } from "./types.ts";
import { useAction, useAsync } from "./use-async.ts";

/** Tool calls the assistant may not make alone (a booking, a refund): a person approves or rejects each. */
export function Approvals() {
  const queue = useAsync(
    (signal) => api<{ data: ToolCall[] }>("/v1/tool-calls?status=awaiting_confirmation&limit=50", { signal }),
    [],
  );
  const action = useAction();
  const [decided, setDecided] = useState<Record<string, string>>({});
  const decide = (call: ToolCall, verdict: "approve" | "reject") =>
    action
      .run(() =>
        api(`/v1/tool-calls/${call.id}/${verdict}`, {
          method: "POST",
          ...(verdict === "reject" ? { body: { reason: "Rejected in the workspace" } } : {}),
        }),
      )
      .then((ok) => {
        if (ok) setDecided((current) => ({ ...current, [call.id]: verdict === "approve" ? "Approved" : "Rejected" }));
        // Refused (someone decided it meanwhile, say): the queue is shown as it is now, the reason above it.
        else void queue.reload();
      });
  const calls = queue.data?.data ?? [];
  return (
    <main class="page">
      <h1>Approvals</h1>
      <p class="muted">Tool calls waiting for a person before they run.</p>
      <Alert message={queue.error} onRetry={() => void queue.reload()} />
      <Alert message={action.error} />
      {queue.data && calls.length === 0 && <p class="muted">Nothing is waiting.</p>}
      <ul class="cards">
        {calls.map((call) => (
          <li key={call.id} class="card" data-tool-call={call.id}>
            <div class="row">
              <h2>{call.toolName.replaceAll("_", " ")}</h2>
              <time dateTime={call.createdAt}>{ago(call.createdAt)}</time>
            </div>
            <dl class="inputs">
              {Object.entries(call.input).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
            {call.conversationId && <a href={`#/inbox/${call.conversationId}`}>Open the conversation</a>}
            {decided[call.id] ? (
              <p role="status" class="decided">
                {decided[call.id]}
              </p>
            ) : (
              <div class="row">
                <button
                  type="button"
                  class="primary"
                  disabled={action.busy}
                  onClick={() => void decide(call, "approve")}
                >
                  Approve
                </button>
                <button type="button" disabled={action.busy} onClick={() => void decide(call, "reject")}>
                  Reject
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
