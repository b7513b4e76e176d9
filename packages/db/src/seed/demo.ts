import { count, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../client.ts";
import {
  adAssets,
  agents,
  businessHours,
  cannedResponses,
  channels,
  knowledgeEntries,
  meetingTypes,
  organizations,
  projects,
  settings,
  simulationCases,
  stages,
  synonymSets,
  templates,
  users,
} from "../schema/index.ts";
import { demoHistory } from "./demo-history.ts";
import { demoSimulations, stagePlans } from "./demo-pipeline.ts";
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
  const rentalsAgentId = crypto.randomUUID();
  const rentalsProjectId = crypto.randomUUID();

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
      replies: templateType === "response_generation" ? (plan.replies ?? {}) : {},
      // The support stage's templates are what a new stage starts from.
      isDefault: plan.name === "support",
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
        id: rentalsAgentId,
        organizationId,
        kind: "ai",
        displayName: "Rory",
        status: "online",
        availability: "available",
        maxConcurrentChats: 100,
        model: "builtin",
        specialties: ["rentals"],
      },
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
    db.insert(projects).values({
      id: rentalsProjectId,
      organizationId,
      name: "Rentals",
      description: "Bike hire: questions and reservations, on the rentals page's own chat.",
      persona:
        "You are Rory, who helps visitors hire a city bike or an e-bike from Northwind Cycles. Be upbeat and brief.",
      agentId: rentalsAgentId,
      knowledgeCategories: ["services", "hours", "location", "payments", "policies"],
    }),
    db.insert(channels).values({
      organizationId,
      type: "web",
      name: "Rentals chat",
      provider: "frontdesk",
      projectId: rentalsProjectId,
      config: {
        greeting: "Hi! I'm Rory, Northwind's rentals assistant. Ask me about hiring a city bike or an e-bike.",
        brandColor: "#0d6efd",
        afterHours: "assistant",
        limits: { conversationsPerIp: 30 },
      },
    }),
    db.insert(templates).values(templateRows),
    db.insert(stages).values(
      stagePlans.map((plan, position) => ({
        organizationId,
        projectId: plan.project ? rentalsProjectId : null,
        agentId: plan.project ? rentalsAgentId : aiAgentId,
        name: plan.name,
        description: plan.description,
        stageType: plan.stageType,
        position,
        requiredFields: plan.requiredFields,
        fieldTypes: plan.fieldTypes ?? {},
        intents: plan.intents,
        keywords: plan.keywords ?? [],
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
    db.insert(adAssets).values({
      organizationId,
      assetType: "ad",
      title: "Spring service: £45, done in a day",
      content: "Is your bike ready for spring? Message us on WhatsApp to book a £45 service.",
      platform: "meta",
      status: "active",
      platformAdId: "120210000000000001",
      platformCampaignId: "120210000000000000",
      utmCampaign: "spring-service",
      extraData: { cta: "Send message", placement: "instagram_feed" },
    }),
    db.insert(simulationCases).values(
      demoSimulations.map((simulation) => ({
        organizationId,
        projectId: simulation.project ? rentalsProjectId : null,
        name: simulation.name,
        turns: simulation.turns,
      })),
    ),
    db.insert(settings).values([
      { organizationId, category: "chat", key: "handover_confidence_threshold", value: 0.45 },
      { organizationId, category: "chat", key: "idle_close_minutes", value: 30 },
      { organizationId, category: "bookings", key: "cancellation_notice_hours", value: 24 },
    ]),
  ];
}

export { type FaqEntry, faq } from "./faq.ts";
