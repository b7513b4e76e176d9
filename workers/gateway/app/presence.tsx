import { useEffect, useState } from "preact/hooks";
import { api } from "./api.ts";
import type { Agent } from "./types.ts";

const heartbeatMs = 30_000;
type Status = "online" | "away";

/**
 * The agent's own status, set from the top bar and repeated every 30 s (the server forgets an
 * agent after 90 s of silence). Staff who are not human agents see nothing here.
 */
export function PresenceControl() {
  const [agent, setAgent] = useState<Agent | undefined>(undefined);
  const [status, setStatus] = useState<Status>("online");
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api<{ presence: Agent }>("/v1/presence/me")
      .then(({ presence }) => setAgent(presence))
      .catch(() => setAgent(undefined));
  }, []);
  useEffect(() => {
    if (!agent) return;
    const beat = () =>
      api(`/v1/presence/agents/${agent.agentId}`, { method: "PUT", body: { status } })
        .then(() => setFailed(false))
        .catch(() => setFailed(true));
    void beat();
    const timer = setInterval(beat, heartbeatMs);
    return () => clearInterval(timer);
  }, [agent, status]);
  if (!agent) return null;
  return (
    <label class="presence">
      <span class={`dot ${failed ? "offline" : status}`} aria-hidden="true" />
      <span class="visually-hidden">Your status</span>
      <select value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)}>
        <option value="online">Online</option>
        <option value="away">Away</option>
      </select>
    </label>
  );
}
