import type { KnowledgeHit } from "./knowledge.ts";
import type { ChatModel, ModelMessage, ToolSpec } from "./models/chat-model.ts";
import { languageName } from "./phrases.ts";
import type { Responder, ResponderOutput, TurnContext } from "./responder.ts";
import { renderTemplate, templateVariables } from "./templates.ts";

/**
 * What the model may do besides answering. These two run inside the chat worker (a handover must
 * happen inside the turn the session is serialising); the tools worker's other tools (leads,
 * bookings, tickets) are added from its registry.
 */
const localTools: ToolSpec[] = [
  {
    name: "search_knowledge",
    description: "Search the business's knowledge base. Use it before answering any factual question.",
    parameters: {
      type: "object",
      properties: { query: { type: "string", description: "What to look up, in a few words." } },
      required: ["query"],
    },
  },
  {
    name: "handover_to_human",
    description: "Pass the conversation to a human team member: when the customer asks for one, or you cannot answer.",
    parameters: {
      type: "object",
      properties: { reason: { type: "string", description: "Why, in a few words." } },
      required: ["reason"],
    },
  },
];

const maxSteps = 4;

const knowledgeBlock = (hits: KnowledgeHit[]) =>
  hits.length ? hits.map((hit, index) => `[${index + 1}] ${hit.title}\n${hit.content}`).join("\n\n") : "(none found)";

/**
 * The model's instructions: who it is (the stage's agent, the project's persona), the pipeline's
 * stages with their selection templates, the current stage's extraction and generation templates
 * rendered with the turn's variables, what is known and missing, and the knowledge found.
 */
function systemPrompt(context: TurnContext): string {
  const { state, stage, data, missing } = context;
  const variables = templateVariables(context);
  const assistant = stage?.agent?.name ?? state.assistantName;
  const stages = state.stages
    .map(
      (each) => `- ${each.name}${each.selectionPrompt ? `: ${renderTemplate(each.selectionPrompt, variables)}` : ""}`,
    )
    .join("\n");
  return [
    `You are ${assistant}, the assistant of ${state.organizationName}.`,
    state.persona ? renderTemplate(state.persona, variables) : "",
    "Answer only from the knowledge below, what search_knowledge returns and the conversation. If you cannot answer reliably, or the customer asks for a person, call handover_to_human. Be brief and friendly.",
    context.language
      ? `The customer writes in ${languageName(context.language, "en")}: answer in that language, translating the knowledge if it is in another.`
      : "",
    stages ? `The conversation's stages:\n${stages}` : "",
    stage ? `Current stage: ${stage.name}.` : "",
    stage?.extractionPrompt ? `Data to gather: ${renderTemplate(stage.extractionPrompt, variables)}` : "",
    stage?.generationPrompt ? renderTemplate(stage.generationPrompt, variables) : "",
    missing.length ? `Still needed for this stage: ${missing.map((spec) => spec.label).join(", ")}.` : "",
    Object.keys(data).length ? `Known about the customer: ${JSON.stringify(data)}` : "",
    stage?.generationContent
      ? renderTemplate(stage.generationContent, variables)
      : `Knowledge:\n${knowledgeBlock(context.knowledge)}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

function history(context: TurnContext): ModelMessage[] {
  return context.state.window.flatMap((message): ModelMessage[] => {
    if (message.role === "customer") return [{ role: "user", content: message.content }];
    if (message.role === "assistant") return [{ role: "assistant", content: message.content }];
    if (message.role === "agent") return [{ role: "assistant", content: `(team member) ${message.content}` }];
    return [];
  });
}

/**
 * A responder backed by a language model: the stage's generation prompt, the known data and the
 * retrieved knowledge in the system prompt, the recent window as the conversation, and a tool loop
 * (knowledge search, handover). Sources are the entries the model was given or looked up.
 */
export function modelResponder(model: ChatModel): Responder {
  return {
    async respond(context) {
      const messages: ModelMessage[] = [
        { role: "system", content: systemPrompt(context) },
        ...history(context),
        { role: "user", content: context.content },
      ];
      const sources = new Map(context.knowledge.map((hit) => [hit.id, hit]));
      const toolCalls: ResponderOutput["toolCalls"] = [];
      let inputTokens = 0;
      let outputTokens = 0;
      let handoverReason: string | undefined;
      let content = "";
      const local = new Set(localTools.map((tool) => tool.name));
      const remote = context.tools
        ? (await context.tools.describe().catch(() => [])).filter((tool) => !local.has(tool.name))
        : [];
      const tools = [...localTools, ...remote];
      for (let step = 0; step < maxSteps; step++) {
        const reply = await model.complete(messages, step < maxSteps - 1 ? tools : []);
        inputTokens += reply.inputTokens;
        outputTokens += reply.outputTokens;
        content = reply.content;
        if (reply.toolCalls.length === 0) break;
        messages.push({ role: "assistant", content: reply.content, toolCalls: reply.toolCalls });
        for (const [index, call] of reply.toolCalls.entries()) {
          toolCalls.push({ name: call.name, arguments: JSON.stringify(call.arguments) });
          let result: string;
          if (call.name === "search_knowledge") {
            const query = typeof call.arguments.query === "string" ? call.arguments.query : context.content;
            const hits = await context.search(query);
            for (const hit of hits) sources.set(hit.id, hit);
            result = JSON.stringify(hits.map(({ title, content: text, score }) => ({ title, content: text, score })));
          } else if (call.name === "handover_to_human") {
            handoverReason = typeof call.arguments.reason === "string" ? call.arguments.reason : "model_request";
            result = JSON.stringify({ ok: true });
          } else if (context.tools && remote.some((tool) => tool.name === call.name)) {
            const outcome = await context.tools.invoke(
              call.name,
              call.arguments,
              `model:${step}:${index}:${call.name}`,
            );
            result = JSON.stringify(
              outcome.ok ? outcome.output : { error: outcome.problem.detail ?? outcome.problem.title },
            );
          } else {
            result = JSON.stringify({ error: `unknown tool ${call.name}` });
          }
          messages.push({ role: "tool", toolCallId: call.id, name: call.name, content: result });
        }
        if (handoverReason) break;
      }
      const cited = [...sources.values()].sort((a, b) => b.score - a.score);
      const handover = handoverReason !== undefined || !content.trim();
      return {
        content:
          content.trim() ||
          `I'm passing you to a member of the ${context.state.organizationName} team; they will reply here shortly.`,
        confidence: cited[0]?.score ?? (handover ? 0 : 0.6),
        sources: cited.slice(0, 3),
        handover,
        ...(handover
          ? { handoverReason: context.intent === "handover_request" ? "customer_request" : "low_confidence" }
          : {}),
        askedFor: handover ? [] : context.missing.slice(0, 2).map((spec) => spec.name),
        model: model.name,
        language: context.language ?? "en",
        inputTokens,
        outputTokens,
        toolCalls,
      };
    },
  };
}
