/** What the customer wants from this message, decided without a model. */
export const intents = [
  "greeting",
  "handover_request",
  "booking",
  "complaint",
  "thanks",
  "goodbye",
  "question",
  "statement",
] as const;
export type Intent = (typeof intents)[number];

/** Greetings: a message of only these is a greeting; in front of a question they are dropped. */
const greetings = String.raw`(hi|hello|hey|hiya|howdy|morning|good (morning|afternoon|evening)|hallo|moin|servus|guten (morgen|tag|abend))\b[\s!.,]*`;

const patterns: [Intent, RegExp][] = [
  [
    "handover_request",
    /\b((talk|speak|chat) (to|with) (a |an |your )?(human|person|someone|somebody|agent|staff|team member|manager)|real person|a human|human agent|live agent|(want|need|get|like) (a |an )?(human|person|agent)|mitarbeiter|echten menschen|mit (einem|einer|jemandem) (sprechen|reden))\b/i,
  ],
  [
    "complaint",
    /\b(complain|complaint|unacceptable|terrible|awful|disappointed|(want|demand) (a |my )?refund|refund me|broken again|worst|beschwerde|beschweren|unverschämt|enttäuscht|frechheit)\b/i,
  ],
  ["booking", /\b(book|booking|appointment|schedule|reserve|buchen|termin)\b/i],
  ["thanks", /^\s*(thanks|thank you|cheers|great,? thanks|perfect,? thanks|ta|danke|vielen dank)\b/i],
  ["goodbye", /^\s*(bye|goodbye|see you|that'?s all|nothing else|tschüss|tschüs|ciao)\b/i],
  ["greeting", new RegExp(String.raw`^\s*${greetings}$`, "i")],
];

const questionWords =
  /^(what|whats|when|where|wheres|who|why|how|hows|which|wat|wot|wen|can|could|do|does|is|are|r u|will|would|should|may|have|has|wie|was|wo|wann|wer|warum|welche[rsn]?|kann|könnt|habt|gibt|seid|bietet|macht|nehmt|verkauft|darf|muss|ist|sind)\b/i;

/** Words that want a booking when said ("I need my brakes fixed") but only ask about one in a question. */
const bookingWish =
  /\b(slot|drop[- ]?off|fitting|service (my|the)|repair (my|the)|fix (my|the)|come in|need .* (fixed|repaired|serviced))\b/i;

/** A greeting in front of a question ("hey, what time do you close"): the question is what counts. */
const leadingGreeting = new RegExp(String.raw`^\s*${greetings}`, "i");

export function detectIntent(content: string): Intent {
  for (const [intent, pattern] of patterns) if (pattern.test(content)) return intent;
  const text = content.replace(leadingGreeting, "").trim();
  const isQuestion = text.endsWith("?") || questionWords.test(text);
  if (!isQuestion && bookingWish.test(text)) return "booking";
  return isQuestion ? "question" : "statement";
}
