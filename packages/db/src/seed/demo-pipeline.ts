// The demo business's conversation pipeline (seed 000): its stages with their templates, the
// rentals project's stages, and the simulation suite they must pass.

export interface StagePlan {
  name: string;
  /** The project whose stage it is (the rentals assistant's); absent: the organization's own pipeline. */
  project?: "rentals";
  stageType: string;
  description: string;
  requiredFields: string[];
  fieldTypes?: Record<string, { type: string; label?: string; options?: string[] }>;
  intents: string[];
  keywords?: string[];
  selection: string;
  extraction: string;
  generation: string;
  /** The built-in responder's phrasings (templates.replies). */
  replies?: Record<string, string>;
}

/** The conversation pipeline: each stage has its selection, extraction and generation template. */
export const stagePlans: StagePlan[] = [
  {
    name: "greeting",
    stageType: "triage",
    description: "Welcome the customer and find out what they need.",
    requiredFields: [],
    intents: ["greeting"],
    selection: "Choose this stage when the conversation has just started or the customer's need is still unclear.",
    extraction: "Extract the customer's name if given and a one-line summary of what they need.",
    generation:
      "Greet the customer warmly as Nora from Northwind Cycles and ask how you can help with their bike today.",
  },
  {
    name: "repair_booking",
    stageType: "booking",
    description: "Book a repair drop-off or a bike fitting.",
    requiredFields: ["name", "email", "bike_type", "issue", "preferred_time"],
    fieldTypes: {
      name: { type: "name" },
      email: { type: "email" },
      bike_type: { type: "choice", label: "bike type", options: ["road", "gravel", "mountain", "city", "e-bike"] },
      issue: { type: "text" },
      preferred_time: { type: "datetime", label: "preferred day and time" },
    },
    intents: ["booking"],
    selection: "Choose this stage when the customer wants a repair, a service, a fitting or an appointment.",
    extraction:
      "Extract name, email, phone, bike type (road, gravel, mountain, city, e-bike), the issue, and the preferred day and time.",
    generation:
      "Ask only for the booking details still missing, one or two at a time; when all are known, offer the nearest free slots.",
  },
  {
    name: "support",
    stageType: "support",
    description: "Answer questions from the knowledge base; hand over to a person when unsure.",
    requiredFields: [],
    intents: ["question", "complaint"],
    selection:
      "Choose this stage for questions about prices, hours, policies, payments, products or an existing order.",
    extraction: "Extract the topic of the question, any order or booking reference, and the customer's sentiment.",
    generation:
      "Answer from the knowledge base only and cite it; if the answer is not there, offer to connect the customer with a team member.",
  },
  {
    name: "rental_questions",
    project: "rentals",
    stageType: "support",
    description: "Answer questions about hiring a bike.",
    requiredFields: [],
    intents: ["greeting", "question", "complaint"],
    selection: "Choose this stage for questions about hiring bikes: prices, deposits, what is included.",
    extraction: "Extract what the customer wants to know about hiring a bike.",
    generation: "Answer questions about bike hire from the knowledge base, briefly, as {{assistant.name}}.",
    replies: {
      greeting:
        "Hi{{#customer.first_name}} {{customer.first_name}}{{/customer.first_name}}! I'm {{assistant.name}}, the rentals assistant at {{business.name}}. Ask me about hiring a city bike or an e-bike.",
    },
  },
  {
    name: "rental_reservation",
    project: "rentals",
    stageType: "reservation",
    description: "Reserve a hire bike and capture the customer as a lead.",
    requiredFields: ["name", "email", "bike_choice", "pickup_time"],
    fieldTypes: {
      name: { type: "name" },
      email: { type: "email" },
      bike_choice: { type: "choice", label: "bike", options: ["city bike", "e-bike"] },
      pickup_time: { type: "datetime", label: "pick-up day and time" },
    },
    intents: ["booking"],
    keywords: ["reserve", "reservation", "hire one", "rent one"],
    selection: "Choose this stage when the customer wants to reserve a hire bike.",
    extraction: "Extract name, email, which bike (city bike or e-bike) and the pick-up day and time.",
    generation: "Collect the reservation details still missing, then confirm what you noted.",
    replies: {
      ask: "Happy to reserve one{{#customer.first_name}}, {{customer.first_name}}{{/customer.first_name}}! Could you tell me your {{missing_fields}}?",
      complete:
        "Thanks {{customer.first_name}}! I've noted a {{fields.bike_choice}} for {{fields.pickup_time}}. We'll email {{customer.email}} to confirm and take the £200 deposit hold at pick-up.",
    },
  },
];

/** The demo's simulation suite: what the assistant must keep doing before a change is published. */
export const demoSimulations: { name: string; project?: "rentals"; turns: unknown[] }[] = [
  {
    name: "Opening hours",
    turns: [
      {
        message: "what time do you open on saturday?",
        expect: { source: "What are your opening hours?", stage: "support", handover: false, contains: ["10"] },
      },
    ],
  },
  {
    name: "Puncture price",
    turns: [
      {
        message: "How much do you charge to fix a puncture?",
        expect: { source: "How much is a puncture repair?", handover: false, notContains: ["passing you"] },
      },
    ],
  },
  {
    name: "Books a repair",
    turns: [
      { message: "I'd like to book a repair please", expect: { stage: "repair_booking", contains: ["name"] } },
      { message: "I'm Jo Bloggs, jo@example.com", expect: { stage: "repair_booking", contains: ["bike type"] } },
      {
        message: "a road bike, the gears keep slipping, tomorrow at 10am",
        expect: { stage: "repair_booking", tool: "create_booking", handover: false },
      },
    ],
  },
  {
    name: "Asks for a person",
    turns: [{ message: "can I talk to a human please", expect: { handover: true } }],
  },
  {
    name: "Does not answer what it does not know",
    turns: [{ message: "do you sell car insurance?", expect: { handover: true } }],
  },
  {
    name: "Rentals: hire prices",
    project: "rentals",
    turns: [
      {
        message: "how much is it to hire an e-bike for a day?",
        expect: { source: "Can I rent a bike?", stage: "rental_questions", contains: ["£45"] },
      },
    ],
  },
  {
    name: "Rentals: reserves a bike",
    project: "rentals",
    turns: [
      { message: "I'd like to reserve an e-bike", expect: { stage: "rental_reservation", contains: ["name"] } },
      {
        message: "Jo Bloggs, jo@example.com, Saturday at 10am",
        expect: { stage: "rental_reservation", tool: "capture_lead", contains: ["e-bike", "saturday at 10am"] },
      },
    ],
  },
];
