import * as z from "@frontdesk/http/zod";
import { type ChatModel, ModelError, type ModelMessage, type ToolSpec, toolArguments } from "./chat-model.ts";

const completion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          tool_calls: z
            .array(z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.unknown() }) }))
            .nullable()
            .optional(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
});

function wireMessage(message: ModelMessage) {
  if (message.role === "tool") return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
  if (message.role === "assistant" && message.toolCalls?.length) {
    return {
      role: "assistant",
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      })),
    };
  }
  return { role: message.role, content: message.content };
}

/** Any endpoint speaking OpenAI's Chat Completions API (OpenAI, Azure, Groq, vLLM, Ollama, ...). */
export function openAiCompatibleModel(options: {
  baseUrl: string;
  apiKey: string;
  model: string;
  fetcher?: typeof fetch;
}): ChatModel {
  const endpoint = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    name: `openai:${options.model}`,
    async complete(messages: ModelMessage[], tools: ToolSpec[]) {
      const response = await (options.fetcher ?? fetch)(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: options.model,
          messages: messages.map(wireMessage),
          ...(tools.length ? { tools: tools.map((tool) => ({ type: "function", function: tool })) } : {}),
        }),
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new ModelError(`${endpoint} answered ${response.status}`);
      const parsed = completion.safeParse(await response.json());
      if (!parsed.success) throw new ModelError(`${endpoint}: unexpected completion: ${parsed.error.message}`);
      const message = parsed.data.choices[0]?.message;
      return {
        content: message?.content ?? "",
        toolCalls: (message?.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          arguments: toolArguments(call.function.arguments),
        })),
        inputTokens: parsed.data.usage?.prompt_tokens ?? 0,
        outputTokens: parsed.data.usage?.completion_tokens ?? 0,
      };
    },
  };
}
