import type { SessionState } from "../conversation/state.ts";

/** A closing summary written without a model: who, what they asked about, what was gathered, how it ended. */
export function summarize(state: SessionState): string {
  const who = state.extracted.name ?? state.memory.name ?? "The customer";
  const intents = [
    ...new Set(
      state.window.flatMap((message) =>
        message.role === "assistant" && typeof message.metadata.intent === "string" ? [message.metadata.intent] : [],
      ),
    ),
  ];
  const sources = [
    ...new Set(
      state.window.flatMap((message) =>
        Array.isArray(message.metadata.sources)
          ? message.metadata.sources.flatMap((source: unknown) =>
              typeof source === "object" && source && "title" in source && typeof source.title === "string"
                ? [source.title]
                : [],
            )
          : [],
      ),
    ),
  ];
  const stage = state.stages.find((candidate) => candidate.id === state.stageId)?.name;
  const parts = [
    `${who}: ${state.messageCount} message${state.messageCount === 1 ? "" : "s"}${intents.length ? ` (${intents.join(", ")})` : ""}.`,
    sources.length ? `Answered from: ${sources.join("; ")}.` : "",
    stage ? `Last stage: ${stage}.` : "",
    Object.keys(state.extracted).length
      ? `Collected: ${Object.entries(state.extracted)
          .map(([key, value]) => `${key} ${value}`)
          .join(", ")}.`
      : "",
    state.handedOver ? "Handed over to a team member." : "Handled by the assistant.",
  ];
  return parts.filter(Boolean).join(" ");
}
