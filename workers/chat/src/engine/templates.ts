import Mustache from "mustache";
import type { FieldSpec } from "./fields.ts";
import type { TurnContext } from "./responder.ts";
import { fieldQuestion, joinAnd, summaryOf } from "./wording.ts";

/**
 * The phrasings a response generation template can give the built-in responder (`replies`):
 * `greeting` opens a conversation, `ask` asks for missing fields, `complete` confirms a stage's
 * data when there is nothing to book, `cannot_answer` hands over what the knowledge does not
 * cover, `rejected` asks again for an answer its field's type refused.
 */
export const replyKeys = ["greeting", "ask", "complete", "cannot_answer", "rejected"] as const;
export type ReplyKey = (typeof replyKeys)[number];

/** Whether a template parses (an unclosed `{{` is refused when the template is written, not at a turn). */
export function templateProblem(template: string): string | undefined {
  try {
    Mustache.parse(template);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Renders `{{variables}}` as plain text: no HTML escaping (replies are text; the widget escapes). */
export function renderTemplate(template: string, variables: Record<string, unknown>): string {
  try {
    return Mustache.render(template, variables, {}, { escape: (text: string) => text });
  } catch {
    return template;
  }
}

/**
 * What a template can name: `customer.*`, `business.*`, `assistant.name`, `stage.*`, `fields.*`
 * (everything gathered), `missing_fields`, `rejected_fields`, `collected`, `knowledge`,
 * `conversation`, `extracted_data`, `language`, `persona`.
 */
export function templateVariables(context: TurnContext, rejected: FieldSpec[] = []): Record<string, unknown> {
  const { state, stage, data, missing, knowledge } = context;
  const name = data.name ?? state.memory.name ?? "";
  return {
    customer: {
      name,
      first_name: name.split(" ")[0] ?? "",
      email: data.email ?? state.memory.email ?? "",
      phone: data.phone ?? state.memory.phone ?? "",
    },
    business: {
      name: state.organizationName,
      phone: state.business?.phone ?? "",
      address: state.business?.address ?? "",
      website: state.business?.website ?? "",
    },
    assistant: { name: stage?.agent?.name ?? state.assistantName },
    stage: { name: stage?.name ?? "", description: stage?.description ?? "" },
    fields: data,
    missing_fields: joinAnd(missing.slice(0, 2).map(fieldQuestion)),
    rejected_fields: joinAnd(rejected.map((spec) => spec.label)),
    collected: summaryOf(data),
    knowledge: knowledge.map((hit, index) => `[${index + 1}] ${hit.title}\n${hit.content}`).join("\n\n"),
    conversation: state.window
      .filter((message) => message.role === "customer" || message.role === "assistant" || message.role === "agent")
      .map((message) => `${message.role}: ${message.content}`)
      .join("\n"),
    extracted_data: JSON.stringify(data),
    language: context.language ?? "",
    persona: state.persona ?? "",
  };
}

/** The stage's own phrasing for `key`, rendered; undefined when its template gives none. */
export function stageReply(context: TurnContext, key: ReplyKey, rejected: FieldSpec[] = []): string | undefined {
  const replies = context.stage?.replies;
  const template = replies && Object.hasOwn(replies, key) ? replies[key] : undefined;
  if (!template) return undefined;
  const rendered = renderTemplate(template, templateVariables(context, rejected)).trim();
  return rendered || undefined;
}
