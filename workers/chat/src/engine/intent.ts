/** What the customer wants from this message, decided without a model. */
export type Intent =
  | "greeting"
  | "handover_request"
  | "booking"
  | "complaint"
  | "thanks"
  | "goodbye"
  | "question"
  | "statement";

const patterns: [Intent, RegExp][] = [
  [
    "handover_request",
    /\b(human|real person|a person|someone|somebody|agent|staff|team member|talk to (a|an|someone)|speak (to|with))\b/i,
  ],
  ["complaint", /\b(complain|complaint|unacceptable|terrible|awful|disappointed|refund|broken again|worst)\b/i],
  ["booking", /\b(book|booking|appointment|schedule|reserve)\b/i],
  ["thanks", /^\s*(thanks|thank you|cheers|great,? thanks|perfect,? thanks|ta)\b/i],
  ["goodbye", /^\s*(bye|goodbye|see you|that'?s all|nothing else)\b/i],
  ["greeting", /^\s*(hi|hello|hey|good (morning|afternoon|evening)|hiya|howdy)\b[\s!.,]*$/i],
];

const questionWords = /^(what|when|where|who|why|how|which|can|could|do|does|is|are|will|would|should|may|have|has)\b/i;

/** Words that want a booking when said ("I need my brakes fixed") but only ask about one in a question. */
const bookingWish =
  /\b(slot|drop[- ]?off|fitting|service (my|the)|repair (my|the)|fix (my|the)|come in|need .* (fixed|repaired|serviced))\b/i;

export function detectIntent(content: string): Intent {
  for (const [intent, pattern] of patterns) if (pattern.test(content)) return intent;
  const text = content.trim();
  const isQuestion = text.endsWith("?") || questionWords.test(text);
  if (!isQuestion && bookingWish.test(text)) return "booking";
  return isQuestion ? "question" : "statement";
}
