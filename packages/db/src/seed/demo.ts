import { count, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../client.ts";
import {
  agents,
  businessHours,
  cannedResponses,
  channels,
  knowledgeEntries,
  meetingTypes,
  organizations,
  settings,
  stages,
  synonymSets,
  templates,
  users,
} from "../schema/index.ts";
import { demoHistory } from "./demo-history.ts";
import { faq } from "./faq.ts";

export const demoSlug = "northwind-cycles";

/** The words a bike shop's customers use for the same thing (one word per term; hyphens allowed). */
const demoSynonyms: { language: "en" | "de"; terms: string[] }[] = [
  { language: "en", terms: ["rent", "hire", "lend", "borrow", "loan"] },
  { language: "en", terms: ["puncture", "flat", "burst"] },
  { language: "en", terms: ["price", "cost", "charge", "fee"] },
  { language: "en", terms: ["bike", "bicycle", "cycle"] },
  { language: "en", terms: ["ebike", "e-bike", "pedelec"] },
  { language: "en", terms: ["service", "tune-up", "maintenance", "check-up"] },
  { language: "en", terms: ["repair", "fix", "mend"] },
  { language: "en", terms: ["voucher", "giftcard", "gift-card"] },
  { language: "en", terms: ["tyre", "tire"] },
  { language: "de", terms: ["mieten", "leihen", "ausleihen", "verleihen"] },
  { language: "de", terms: ["Platten", "Reifenpanne", "Panne", "platt"] },
  { language: "de", terms: ["ebike", "e-bike", "pedelec", "Elektrorad"] },
  { language: "de", terms: ["Preis", "kosten"] },
  { language: "de", terms: ["Fahrrad", "Rad", "Bike"] },
  { language: "de", terms: ["Inspektion", "Service", "Wartung"] },
  { language: "de", terms: ["Gutschein", "Geschenkgutschein"] },
];

interface StagePlan {
  name: string;
  stageType: string;
  description: string;
  requiredFields: string[];
  selection: string;
  extraction: string;
  generation: string;
}

/** The conversation pipeline: each stage has its selection, extraction and generation template. */
const stagePlans: StagePlan[] = [
  {
    name: "greeting",
    stageType: "triage",
    description: "Welcome the customer and find out what they need.",
    requiredFields: [],
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
    selection:
      "Choose this stage for questions about prices, hours, policies, payments, products or an existing order.",
    extraction: "Extract the topic of the question, any order or booking reference, and the customer's sentiment.",
    generation:
      "Answer from the knowledge base only and cite it; if the answer is not there, offer to connect the customer with a team member.",
  },
];

/** True when the database has no organization yet (a fresh local stack). */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organizations);
  return (row?.n ?? 0) === 0;
}

/**
 * Loads the demo organization (Northwind Cycles) in one transaction: web channel, an AI and a
 * human agent, three stages with their templates, 33 FAQ entries, business hours, meeting types.
 * Returns false (and changes nothing) when it is already there.
 */
export async function seedDemo(db: Database): Promise<boolean> {
  const existing = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, demoSlug));
  if (existing.length > 0) return false;

  const organizationId = crypto.randomUUID();
  await db.batch([
    db.insert(organizations).values({
      id: organizationId,
      name: "Northwind Cycles",
      slug: demoSlug,
      description: "Bicycle shop, repair workshop and bike fitting studio in Bristol.",
      address: "14 Harbour Lane, Bristol BS1 4RN",
      phoneNumber: "+44 117 496 0321",
      website: "https://northwindcycles.example",
      timezone: "Europe/London",
      subscriptionTier: "pro",
      maxAgents: 5,
    }),
    ...demoContent(db, organizationId, "northwindcycles.example"),
    ...demoHistory(db, organizationId),
  ]);
  return true;
}

/**
 * The demo business's content for an existing organization (tests give each of theirs a copy):
 * staff, web channel, an AI and a human agent, stages with templates, FAQ, hours, meeting types.
 */
export async function seedDemoContent(
  db: Database,
  organizationId: string,
  staffEmailDomain = `${crypto.randomUUID().slice(0, 8)}.northwindcycles.example`,
): Promise<void> {
  const [first, ...rest] = demoContent(db, organizationId, staffEmailDomain);
  if (first) await db.batch([first, ...rest]);
}

/** Staff emails are unique across organizations, hence a domain per copy. */
function demoContent(db: Database, organizationId: string, staffEmailDomain: string): BatchItem<"pg">[] {
  const ownerId = crypto.randomUUID();
  const agentUserId = crypto.randomUUID();
  const aiAgentId = crypto.randomUUID();

  const templateRows = stagePlans.flatMap((plan) =>
    (
      [
        ["stage_selection", plan.selection],
        ["data_extraction", plan.extraction],
        ["response_generation", plan.generation],
      ] as const
    ).map(([templateType, systemPrompt]) => ({
      id: crypto.randomUUID(),
      organizationId,
      name: `${plan.name}: ${templateType.replace("_", " ")}`,
      templateType,
      systemPrompt,
      content: "{{conversation}}\n\nKnowledge:\n{{knowledge}}\n\nKnown data:\n{{extracted_data}}",
      isDefault: true,
    })),
  );
  const templateId = (stage: string, type: string) =>
    templateRows.find((row) => row.name === `${stage}: ${type.replace("_", " ")}`)?.id ?? "";

  return [
    db.insert(users).values([
      {
        id: ownerId,
        organizationId,
        email: `maya@${staffEmailDomain}`,
        firstName: "Maya",
        lastName: "Okafor",
        fullName: "Maya Okafor",
        role: "owner",
      },
      {
        id: agentUserId,
        organizationId,
        email: `sam@${staffEmailDomain}`,
        firstName: "Sam",
        lastName: "Reyes",
        fullName: "Sam Reyes",
        role: "agent",
      },
    ]),
    db
      .update(organizations)
      .set({ ownerUserId: ownerId, timezone: "Europe/London" })
      .where(eq(organizations.id, organizationId)),
    db.insert(channels).values({
      organizationId,
      type: "web",
      name: "Website chat",
      provider: "frontdesk",
      // A web channel's config (@frontdesk/contracts/web-channel): the widget's face and the door's rules.
      config: {
        greeting: "Hi! I'm Nora from Northwind Cycles. Ask me about repairs, rentals or opening hours.",
        offlineMessage: "The workshop is closed right now. Nora can still help, and Sam replies when we open.",
        brandColor: "#198754",
        businessHours: {
          timeZone: "Europe/London",
          days: Object.fromEntries(
            ["mon", "tue", "wed", "thu", "fri", "sat"].map((day) => [day, [{ open: "09:00", close: "18:00" }]]),
          ),
        },
        // The assistant answers around the clock; a handover waits for the workshop to open.
        afterHours: "assistant",
        // A demo is opened again and again from one address.
        limits: { conversationsPerIp: 30 },
      },
    }),
    db.insert(agents).values([
      {
        id: aiAgentId,
        organizationId,
        kind: "ai",
        displayName: "Nora",
        status: "online",
        availability: "available",
        maxConcurrentChats: 100,
        model: "builtin",
        specialties: ["faq", "bookings"],
      },
      {
        organizationId,
        kind: "human",
        userId: agentUserId,
        displayName: "Sam",
        status: "offline",
        availability: "unavailable",
        maxConcurrentChats: 4,
        specialties: ["repairs", "e-bikes", "warranty"],
      },
    ]),
    db.insert(templates).values(templateRows),
    db.insert(stages).values(
      stagePlans.map((plan, position) => ({
        organizationId,
        agentId: aiAgentId,
        name: plan.name,
        description: plan.description,
        stageType: plan.stageType,
        position,
        requiredFields: plan.requiredFields,
        stageSelectionTemplateId: templateId(plan.name, "stage_selection"),
        dataExtractionTemplateId: templateId(plan.name, "data_extraction"),
        responseGenerationTemplateId: templateId(plan.name, "response_generation"),
      })),
    ),
    db
      .insert(knowledgeEntries)
      .values(
        faq.map(({ key: _key, examples, ...entry }) => ({ organizationId, ...entry, exampleQuestions: examples })),
      ),
    db
      .insert(businessHours)
      .values([
        ...[1, 2, 3, 4, 5].map((dayOfWeek) => ({ organizationId, dayOfWeek, opensAt: "09:00", closesAt: "18:00" })),
        { organizationId, dayOfWeek: 6, opensAt: "10:00", closesAt: "16:00" },
      ]),
    db.insert(meetingTypes).values([
      {
        organizationId,
        name: "Repair drop-off",
        slug: "repair-drop-off",
        durationMinutes: 15,
        description: "Hand over your bike and agree the quote with a mechanic.",
      },
      {
        organizationId,
        name: "Bike fitting",
        slug: "bike-fitting",
        durationMinutes: 60,
        bufferAfterMinutes: 15,
        description: "A professional fit in the studio (£120).",
      },
    ]),
    db.insert(synonymSets).values(demoSynonyms.map((set) => ({ organizationId, ...set }))),
    db.insert(cannedResponses).values([
      {
        organizationId,
        shortcut: "thanks",
        title: "Thanks for waiting",
        content: "Thanks for waiting! I'm Sam from the Northwind workshop, and I'll take it from here.",
      },
      {
        organizationId,
        shortcut: "quote",
        title: "Repair quote",
        content:
          "A standard service is £45 and takes about a day. If you drop the bike off we'll confirm the exact quote before we start any work.",
      },
      {
        organizationId,
        shortcut: "opening-hours",
        title: "Opening hours",
        content: "We're open Monday to Friday 9:00-18:00 and Saturday 10:00-16:00.",
      },
    ]),
    db.insert(settings).values([
      { organizationId, category: "chat", key: "handover_confidence_threshold", value: 0.45 },
      { organizationId, category: "chat", key: "idle_close_minutes", value: 30 },
      { organizationId, category: "bookings", key: "cancellation_notice_hours", value: 24 },
    ]),
  ];
}

export { type FaqEntry, faq } from "./faq.ts";
