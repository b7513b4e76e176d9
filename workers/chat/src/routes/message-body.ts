import { ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";

/** The most a message may hold anywhere; a web channel may allow less. */
export const maxMessageLength = 4000;
const content = z.string().trim().min(1).max(maxMessageLength);

/** What `useChat` (the AI SDK's DefaultChatTransport) posts: the chat's messages; the last one is new. */
const aiSdkBody = z
  .object({
    id: z.string().max(200).optional(),
    messages: z
      .array(
        z.looseObject({
          role: z.string(),
          parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
        }),
      )
      .min(1),
    trigger: z.string().max(50).optional(),
    messageId: z.string().max(200).optional(),
    metadata: z.unknown().optional(),
  })
  .strict()
  .openapi("AiSdkChatRequest");
export const messageBody = z.union([z.object({ content }).strict(), aiSdkBody]);

/** The new message's text: `content`, or the last (user's) message of a `useChat` body, within `maxLength`. */
export function messageText(body: z.infer<typeof messageBody>, maxLength = maxMessageLength): string {
  if ("content" in body) return withinLength(body.content, maxLength);
  const last = body.messages[body.messages.length - 1];
  const text = (last?.parts ?? [])
    .map((part) => (part.type === "text" ? (part.text ?? "") : ""))
    .join("")
    .trim();
  const parsed = content.safeParse(text);
  if (last?.role !== "user" || !parsed.success) {
    throw new ProblemError(
      "validation-failed",
      `messages: the last message must be the user's, with 1-${maxMessageLength} characters of text.`,
    );
  }
  return withinLength(parsed.data, maxLength);
}

function withinLength(text: string, maxLength: number): string {
  if (text.length > maxLength)
    throw new ProblemError("payload-too-large", `A message may hold at most ${maxLength} characters.`, { maxLength });
  return text;
}
