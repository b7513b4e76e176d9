import { providerUrl } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { type ChatModel, ModelError, type ModelMessage, type ToolSpec, toolArguments } from "./chat-model.ts";

/** Runs a Workers AI model: the `AI` binding, or the same call over Cloudflare's REST API. */
export type AiRunner = (model: string, inputs: Record<string, unknown>) => Promise<unknown>;

/** The `AI` binding as a runner. */
export const bindingRunner =
  (ai: Ai): AiRunner =>
  (model, inputs) =>
    (ai.run as (model: string, inputs: Record<string, unknown>) => Promise<unknown>)(model, inputs);

const restEnvelope = z.object({ success: z.boolean(), result: z.unknown(), errors: z.array(z.unknown()).optional() });

/** Workers AI over `POST {base}/accounts/{account}/ai/run/{model}`, for deployments without the binding. */
export function restRunner(options: { baseUrl: string; accountId: string; apiToken: string }): AiRunner {
  return async (model, inputs) => {
    const url = providerUrl(options.baseUrl, "accounts", options.accountId, "ai", "run", ...model.split("/"));
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${options.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify(inputs),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new ModelError(`Workers AI answered ${response.status}`);
    const envelope = restEnvelope.safeParse(await response.json());
    if (!envelope.success || !envelope.data.success) throw new ModelError("Workers AI reported a failure");
    return envelope.data.result;
  };
}

const output = z.object({
  response: z.string().nullable().optional(),
  tool_calls: z
    .array(
      z.union([
        z.object({ id: z.string().optional(), function: z.object({ name: z.string(), arguments: z.unknown() }) }),
        z.object({ name: z.string(), arguments: z.unknown() }),
      ]),
    )
    .optional(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
});

function wireMessage(message: ModelMessage) {
  if (message.role === "tool") return { role: "tool", name: message.name, content: message.content };
  if (message.role === "assistant" && message.toolCalls?.length) {
    return {
      role: "assistant",
      content:
        message.content ||
        JSON.stringify(message.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args }))),
    };
  }
  return { role: message.role, content: message.content };
}

/** A Workers AI text-generation model with function calling. */
export function workersAiModel(run: AiRunner, model: string): ChatModel {
  return {
    name: model,
    async complete(messages: ModelMessage[], tools: ToolSpec[]) {
      const parsed = output.safeParse(
        await run(model, {
          messages: messages.map(wireMessage),
          ...(tools.length ? { tools: tools.map((tool) => ({ type: "function", function: tool })) } : {}),
        }),
      );
      if (!parsed.success) throw new ModelError(`Workers AI: unexpected output: ${parsed.error.message}`);
      return {
        content: parsed.data.response ?? "",
        toolCalls: (parsed.data.tool_calls ?? []).map((call, index) => {
          const fn = "function" in call ? call.function : call;
          const id = "id" in call && call.id ? call.id : `call_${index}`;
          return { id, name: fn.name, arguments: toolArguments(fn.arguments) };
        }),
        inputTokens: parsed.data.usage?.prompt_tokens ?? 0,
        outputTokens: parsed.data.usage?.completion_tokens ?? 0,
      };
    },
  };
}
