/** A message in a model conversation, in the shape both providers' chat APIs accept. */
export type ModelMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; name: string; content: string };

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** A tool offered to the model: a name, what it does, and its JSON-schema input. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object). */
  parameters: { type: "object"; properties?: Record<string, unknown>; required?: string[]; [keyword: string]: unknown };
}

export interface ModelReply {
  content: string;
  toolCalls: ToolCall[];
  inputTokens: number;
  outputTokens: number;
}

/** One chat completion from a provider (Workers AI, an OpenAI-compatible endpoint). */
export interface ChatModel {
  /** How the reply's metadata names the model ("openai:gpt-4o-mini", "@cf/meta/llama-3.1-8b-instruct"). */
  name: string;
  complete(messages: ModelMessage[], tools: ToolSpec[]): Promise<ModelReply>;
}

/** A provider answered with an error or with something that is not its documented format. */
export class ModelError extends Error {}

/** Tool arguments arrive as a JSON string (OpenAI) or an object (Workers AI); both become an object. */
export function toolArguments(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ModelError(`tool arguments are not JSON: ${raw.slice(0, 100)}`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return value as Record<string, unknown>;
}
