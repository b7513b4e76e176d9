/** The demo business's knowledge base: Northwind Cycles, a bicycle shop and repair workshop. */
export interface FaqEntry {
  /** A stable name for the entry (the answers evaluation labels questions with it); not stored. */
  key: string;
  language: "en" | "de";
  category: string;
  title: string;
  content: string;
  tags: string[];
  /** Words customers use for the topic, weighted in retrieval below the title and example questions. */
  keywords: string[];
  /** Other ways customers ask the question. */
  examples: string[];
  intent: string;
}

const english: FaqEntry[] = [
  // Hours and location
  {
    language: "en",
    category: "hours",
    intent: "opening_hours",
    tags: ["hours"],
    key: "hours",
    keywords: ["opening times", "open", "close", "closing time", "Saturday", "Sunday", "weekday"],
    examples: ["When are you open?", "What time do you close?", "Are you open at the weekend?"],
    title: "What are your opening hours?",
    content:
      "The shop is open Monday to Friday from 9:00 to 18:00 and Saturday from 10:00 to 16:00. We are closed on Sundays and on public holidays.",
  },
  {
    language: "en",
    category: "hours",
    intent: "opening_hours",
    tags: ["hours", "holidays"],
    key: "holidays",
    keywords: ["bank holiday", "public holiday", "Christmas", "Easter"],
    examples: ["Are you open on bank holidays?", "Will you be closed over Christmas?"],
    title: "Are you open on public holidays?",
    content:
      "No. We close on all UK bank holidays. Online chat stays available and bookings made for a holiday are moved to the next opening day with your agreement.",
  },
  {
    language: "en",
    category: "hours",
    intent: "opening_hours",
    tags: ["hours", "workshop"],
    key: "dropoff-times",
    keywords: ["drop off", "latest drop-off", "bring in"],
    examples: ["What is the latest time I can drop my bike off?", "Until when can I bring my bike in for repair?"],
    title: "When does the workshop take drop-offs?",
    content:
      "Repair drop-offs are accepted from opening time until 16:30 on weekdays and until 14:00 on Saturdays, so the mechanics can assess your bike the same day.",
  },
  {
    language: "en",
    category: "location",
    intent: "location",
    tags: ["address", "directions"],
    key: "location",
    keywords: ["address", "located", "directions", "find", "whereabouts", "Bristol"],
    examples: ["What is your address?", "How do I find you?", "Where are you located?"],
    title: "Where is the shop?",
    content: "Northwind Cycles is at 14 Harbour Lane, Bristol BS1 4RN, two minutes from the Harbourside ferry stop.",
  },
  {
    language: "en",
    category: "location",
    intent: "location",
    tags: ["parking"],
    key: "parking",
    keywords: ["park", "car park", "loading bay"],
    examples: ["Where can I park?", "Is there a car park near the shop?"],
    title: "Is there parking?",
    content:
      "There is a free 30-minute loading bay in front of the shop for drop-offs and collections, and a public car park on Anchor Road.",
  },
  {
    language: "en",
    category: "location",
    intent: "contact",
    tags: ["phone", "email"],
    key: "contact",
    keywords: ["phone number", "call", "ring", "email", "telephone"],
    examples: ["What is your phone number?", "Can I email you?"],
    title: "How can I contact you?",
    content:
      "Call 0117 496 0321 during opening hours, email hello@northwindcycles.example, or write to us here in the chat at any time.",
  },
  // Repairs and prices
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["service", "price"],
    key: "basic-service",
    keywords: ["Essential Service", "tune up", "basic service", "service price"],
    examples: ["How much is a service?", "What does the Essential Service include?", "How much is a tune-up?"],
    title: "How much is a basic service?",
    content:
      "The Essential Service costs £65: gears and brakes adjusted, drivetrain cleaned and lubricated, wheels trued, bolts checked to torque. Parts are extra.",
  },
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["service", "price"],
    key: "full-service",
    keywords: ["Full Service", "strip-down", "overhaul", "deep clean"],
    examples: ["How much is a full service?", "What does an overhaul cost?"],
    title: "What does a full service cost?",
    content:
      "The Full Service costs £140 and includes everything in the Essential Service plus a full strip-down, deep clean, bearing service and new cables and housing.",
  },
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["puncture", "price"],
    key: "puncture",
    keywords: ["flat tyre", "flat", "inner tube", "tyre", "tubeless", "burst"],
    examples: [
      "How much to fix a flat tyre?",
      "Can you fix a puncture while I wait?",
      "What do you charge for a new inner tube?",
    ],
    title: "How much is a puncture repair?",
    content:
      "A puncture repair is £15 per wheel including a new inner tube. Tubeless sealant top-ups are £12. Most punctures are fixed while you wait in about 20 minutes.",
  },
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["ebike", "price"],
    key: "ebike",
    keywords: ["e-bike", "ebike", "electric bike", "motor", "battery", "firmware", "Bosch"],
    examples: ["Do you work on electric bikes?", "How much is an e-bike service?"],
    title: "Do you service e-bikes, and what does it cost?",
    content:
      "Yes. The E-bike Service costs £95 and adds a motor and battery health check and a firmware update for Bosch, Shimano Steps and Yamaha systems.",
  },
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["brakes", "price"],
    key: "brake-bleed",
    keywords: ["brake bleed", "hydraulic brakes", "spongy brakes", "brake pads"],
    examples: ["How much to bleed my brakes?", "My brakes feel spongy, can you fix them?"],
    title: "How much is a hydraulic brake bleed?",
    content: "Bleeding one hydraulic brake costs £30, or £50 for both. Brake pads are extra, from £18 per pair fitted.",
  },
  {
    language: "en",
    category: "pricing",
    intent: "pricing",
    tags: ["quote"],
    key: "quotes",
    keywords: ["quote", "estimate", "price before", "approval"],
    examples: ["Can I get a quote first?", "Will you tell me the cost before you start?"],
    title: "Do you give quotes before repairing?",
    content:
      "Always. The mechanic assesses your bike at drop-off and we send you a written quote by text or email. No work over £20 beyond the quote is done without your approval.",
  },
  {
    language: "en",
    category: "services",
    intent: "services",
    tags: ["repair", "turnaround"],
    key: "turnaround",
    keywords: ["turnaround", "how long", "ready", "same day", "waiting time"],
    examples: ["When will my bike be ready?", "How many days does a service take?"],
    title: "How long does a repair take?",
    content:
      "Most services are ready within 2 working days. Simple repairs are often done the same day. If parts must be ordered, we tell you the expected date when we quote.",
  },
  {
    language: "en",
    category: "services",
    intent: "services",
    tags: ["fitting"],
    key: "fitting",
    keywords: ["bike fit", "fitting", "saddle height", "cleats", "position"],
    examples: ["How much is a bike fit?", "Do you do professional bike fits?"],
    title: "Do you offer bike fitting?",
    content:
      "Yes. A professional bike fit takes 60 minutes and costs £120, including saddle height and setback, cleat alignment and handlebar reach. It must be booked in advance.",
  },
  {
    language: "en",
    category: "services",
    intent: "services",
    tags: ["rental"],
    key: "rental",
    keywords: ["rent", "hire", "rental", "borrow", "day hire", "e-bike hire"],
    examples: ["Do you hire out bikes?", "How much is bike hire per day?", "Can I borrow an e-bike for the day?"],
    title: "Can I rent a bike?",
    content:
      "We rent city bikes at £25 per day and e-bikes at £45 per day, with helmet and lock included. A photo ID and a card for a £200 deposit hold are required.",
  },
  {
    language: "en",
    category: "services",
    intent: "services",
    tags: ["collection", "delivery"],
    key: "collection",
    keywords: ["collect", "pick up", "delivery", "collection service"],
    examples: ["Can you pick up my bike from home?", "Do you deliver repaired bikes?"],
    title: "Do you collect and deliver bikes?",
    content:
      "Within 5 miles of the shop we collect and return your bike for £20 each way. Book collection at least one working day ahead.",
  },
  // Bookings
  {
    language: "en",
    category: "bookings",
    intent: "booking",
    tags: ["booking"],
    key: "book-repair",
    keywords: ["book", "booking", "drop-off slot", "repair slot"],
    examples: ["How do I book my bike in?", "Can I book a repair online?"],
    title: "How do I book a repair?",
    content:
      "Book a repair drop-off slot here in the chat or on our website. Drop-off slots are 15 minutes long and run every 15 minutes during workshop hours.",
  },
  {
    language: "en",
    category: "bookings",
    intent: "booking",
    tags: ["booking", "walk-in"],
    key: "appointment",
    keywords: ["appointment", "walk-in", "walk in", "turn up"],
    examples: ["Can I just walk in?", "Do I have to book first?"],
    title: "Do I need an appointment?",
    content:
      "Appointments are recommended for services and required for bike fittings. Walk-ins are welcome for punctures and small adjustments, subject to availability.",
  },
  {
    language: "en",
    category: "bookings",
    intent: "booking",
    tags: ["booking", "cancel"],
    key: "cancel",
    keywords: ["cancel", "reschedule", "change booking", "move appointment"],
    examples: ["Can I reschedule my appointment?", "How do I cancel my booking?"],
    title: "How do I cancel or move a booking?",
    content:
      "You can cancel or reschedule free of charge up to 24 hours before your slot, in the chat or by phone. Later cancellations of a bike fitting cost £30.",
  },
  {
    language: "en",
    category: "bookings",
    intent: "booking",
    tags: ["booking", "lead time"],
    key: "lead-time",
    keywords: ["in advance", "same day", "weeks ahead"],
    examples: ["How far in advance can I book?", "Can I book for today?"],
    title: "How far ahead can I book?",
    content: "Bookings open 8 weeks ahead. Same-day slots can be booked until 2 hours before the slot starts.",
  },
  {
    language: "en",
    category: "bookings",
    intent: "booking",
    tags: ["booking", "late"],
    key: "late",
    keywords: ["late", "running late", "missed slot"],
    examples: ["I'm running late for my appointment, what happens?", "Will you hold my slot if I'm late?"],
    title: "What if I am late for my slot?",
    content:
      "We hold a drop-off slot for 15 minutes and a bike fitting for 20 minutes. After that we may need to move you to the next free slot.",
  },
  // Policies
  {
    language: "en",
    category: "policies",
    intent: "returns",
    tags: ["returns", "refund"],
    key: "returns",
    keywords: ["return", "send back", "exchange", "unused"],
    examples: ["Can I return something I bought?", "Can I return a bike?"],
    title: "What is your returns policy?",
    content:
      "Unused items can be returned within 30 days with proof of purchase for a full refund. Bikes can be returned within 14 days if unridden and in their original condition.",
  },
  {
    language: "en",
    category: "policies",
    intent: "returns",
    tags: ["refund"],
    key: "refund-time",
    keywords: ["refund", "money back", "reimburse"],
    examples: ["When will I get my money back?", "How long does a refund take?"],
    title: "How long do refunds take?",
    content:
      "Refunds are issued to the original payment method within 5 working days of us receiving the returned item.",
  },
  {
    language: "en",
    category: "policies",
    intent: "warranty",
    tags: ["warranty"],
    key: "repair-warranty",
    keywords: ["guarantee", "workmanship", "labour guarantee", "warranty on repairs"],
    examples: ["Is your repair work guaranteed?", "What if the problem comes back after a repair?"],
    title: "Is there a warranty on repairs?",
    content:
      "All workshop labour is guaranteed for 90 days. If something we adjusted slips out of adjustment in that time, we fix it free of charge.",
  },
  {
    language: "en",
    category: "policies",
    intent: "warranty",
    tags: ["warranty", "bikes"],
    key: "bike-warranty",
    keywords: ["frame warranty", "manufacturer warranty", "components", "lifetime"],
    examples: ["What guarantee comes with a new bike?", "Is the frame covered for life?"],
    title: "What warranty do new bikes have?",
    content:
      "New bikes carry the manufacturer's frame warranty (usually lifetime for the original owner) and 2 years on components. We handle warranty claims for bikes bought here.",
  },
  {
    language: "en",
    category: "policies",
    intent: "storage",
    tags: ["collection", "storage"],
    key: "storage",
    keywords: ["storage fee", "uncollected", "pick up late", "collect"],
    examples: ["What if I can't collect my bike straight away?", "Is there a fee if I collect my bike late?"],
    title: "How long can you keep my bike after a repair?",
    content:
      "Please collect within 7 days of our ready message. After that a storage fee of £5 per day applies, and after 90 days uncollected bikes may be sold to recover costs.",
  },
  {
    language: "en",
    category: "policies",
    intent: "privacy",
    tags: ["privacy", "data"],
    key: "privacy",
    keywords: ["privacy", "personal data", "GDPR", "delete my data", "details"],
    examples: ["Do you share my data?", "Can you delete my details?"],
    title: "What do you do with my personal data?",
    content:
      "We use your contact details only to manage your repairs, bookings and orders. We never sell your data, and you can ask us to delete it at any time.",
  },
  // Payments and products
  {
    language: "en",
    category: "payments",
    intent: "payment",
    tags: ["payment"],
    key: "payment",
    keywords: ["pay", "card", "cash", "Apple Pay", "Google Pay", "contactless"],
    examples: ["Can I pay by card?", "Do you take contactless?"],
    title: "Which payment methods do you accept?",
    content:
      "We accept cash, all major debit and credit cards, Apple Pay and Google Pay. Repairs are paid on collection.",
  },
  {
    language: "en",
    category: "payments",
    intent: "payment",
    tags: ["finance", "cycle to work"],
    key: "cycle-to-work",
    keywords: ["Cyclescheme", "Cycle to Work", "Green Commute", "salary sacrifice"],
    examples: ["Can I buy a bike through Cycle to Work?", "Do you take Cyclescheme vouchers?"],
    title: "Do you accept Cycle to Work schemes?",
    content:
      "Yes, we accept Cyclescheme, Cycle Solutions and Green Commute Initiative vouchers for bikes and accessories.",
  },
  {
    language: "en",
    category: "payments",
    intent: "payment",
    tags: ["finance"],
    key: "instalments",
    keywords: ["finance", "instalments", "monthly payments", "0% APR", "spread the cost"],
    examples: ["Do you offer finance?", "Can I pay monthly for a bike?"],
    title: "Can I pay for a bike in instalments?",
    content:
      "Bikes over £500 can be paid over 12 months at 0% APR with our finance partner, subject to status. Ask in store or in the chat to start an application.",
  },
  {
    language: "en",
    category: "products",
    intent: "products",
    tags: ["stock"],
    key: "order",
    keywords: ["order in", "special order", "out of stock", "in stock"],
    examples: ["Can you order a part for me?", "Can you get a bike you don't have in stock?"],
    title: "Can you order a bike or part that is not in stock?",
    content:
      "Yes. Most parts arrive within 2 to 4 working days. For bikes we check distributor stock and give you a delivery date before you pay a deposit.",
  },
  {
    language: "en",
    category: "products",
    intent: "products",
    tags: ["trade-in"],
    key: "trade-in",
    keywords: ["trade-in", "part exchange", "part-ex", "old bike", "valuation"],
    examples: ["Can I trade in my old bike?", "Do you do part exchange?"],
    title: "Do you take trade-ins?",
    content:
      "We take quality road, gravel and mountain bikes in part exchange towards a new bike. Bring the bike in for a free valuation; trade-in values are valid for 14 days.",
  },
  {
    language: "en",
    category: "products",
    intent: "products",
    tags: ["gift card"],
    key: "gift-cards",
    keywords: ["gift card", "gift voucher", "voucher", "present"],
    examples: ["Do you sell gift vouchers?", "How long is a gift card valid?"],
    title: "Do you sell gift cards?",
    content:
      "Gift cards are available in store and online from £10 to £500. They are valid for 2 years on bikes, parts, accessories and workshop services.",
  },
];

/** The German subset: the questions German-speaking customers ask most. */
const german: Omit<FaqEntry, "language">[] = [
  {
    key: "de-hours",
    category: "hours",
    intent: "opening_hours",
    tags: ["öffnungszeiten"],
    keywords: ["geöffnet", "offen", "schließen", "Samstag", "Sonntag", "Wochenende"],
    examples: ["Wann habt ihr geöffnet?", "Wann schließt ihr?", "Seid ihr am Samstag offen?"],
    title: "Wie sind eure Öffnungszeiten?",
    content:
      "Der Laden ist Montag bis Freitag von 9:00 bis 18:00 Uhr und Samstag von 10:00 bis 16:00 Uhr geöffnet. Sonntags und an Feiertagen ist geschlossen.",
  },
  {
    key: "de-location",
    category: "location",
    intent: "location",
    tags: ["adresse"],
    keywords: ["Adresse", "Anfahrt", "finden", "Standort", "Bristol"],
    examples: ["Wo ist euer Laden?", "Wie finde ich euch?"],
    title: "Wo ist der Laden?",
    content:
      "Northwind Cycles ist in der 14 Harbour Lane, Bristol BS1 4RN, zwei Minuten von der Fähranlegestelle Harbourside.",
  },
  {
    key: "de-contact",
    category: "location",
    intent: "contact",
    tags: ["kontakt"],
    keywords: ["Telefon", "Telefonnummer", "anrufen", "E-Mail", "erreichen"],
    examples: ["Wie ist eure Telefonnummer?", "Kann ich euch eine E-Mail schreiben?"],
    title: "Wie erreiche ich euch?",
    content:
      "Ruf uns während der Öffnungszeiten unter 0117 496 0321 an, schreib an hello@northwindcycles.example oder jederzeit hier im Chat.",
  },
  {
    key: "de-parking",
    category: "location",
    intent: "location",
    tags: ["parken"],
    keywords: ["Parkplatz", "parken", "Parkhaus", "Ladezone"],
    examples: ["Wo kann ich parken?", "Gibt es einen Parkplatz?"],
    title: "Kann man bei euch parken?",
    content:
      "Vor dem Laden gibt es eine kostenlose Ladezone für 30 Minuten zum Bringen und Abholen, und ein öffentliches Parkhaus in der Anchor Road.",
  },
  {
    key: "de-basic-service",
    category: "pricing",
    intent: "pricing",
    tags: ["service", "preis"],
    keywords: ["Inspektion", "Wartung", "Service", "Essential Service", "Preis"],
    examples: ["Was kostet eine Inspektion?", "Was kostet ein einfacher Service?"],
    title: "Was kostet ein einfacher Service?",
    content:
      "Der Essential Service kostet 65 £: Schaltung und Bremsen eingestellt, Antrieb gereinigt und geölt, Laufräder zentriert, Schrauben mit Drehmoment geprüft. Teile kosten extra.",
  },
  {
    key: "de-puncture",
    category: "pricing",
    intent: "pricing",
    tags: ["platten", "preis"],
    keywords: ["Platten", "Reifenpanne", "Schlauch", "Reifen", "flicken", "platt"],
    examples: ["Was kostet es, einen Platten zu reparieren?", "Könnt ihr einen Platten sofort flicken?"],
    title: "Was kostet eine Reifenpanne?",
    content:
      "Eine Pannenreparatur kostet 15 £ pro Laufrad inklusive neuem Schlauch. Die meisten Platten reparieren wir in etwa 20 Minuten, während du wartest.",
  },
  {
    key: "de-ebike",
    category: "pricing",
    intent: "pricing",
    tags: ["e-bike", "preis"],
    keywords: ["E-Bike", "Elektrorad", "Pedelec", "Motor", "Akku"],
    examples: ["Wartet ihr E-Bikes?", "Was kostet ein E-Bike-Service?"],
    title: "Wartet ihr E-Bikes und was kostet das?",
    content:
      "Ja. Der E-Bike-Service kostet 95 £ und enthält zusätzlich einen Check von Motor und Akku und ein Firmware-Update für Bosch, Shimano Steps und Yamaha.",
  },
  {
    key: "de-rental",
    category: "services",
    intent: "services",
    tags: ["verleih"],
    keywords: ["mieten", "leihen", "Verleih", "Leihrad", "Mietrad"],
    examples: ["Kann ich ein Fahrrad mieten?", "Verleiht ihr E-Bikes?"],
    title: "Kann ich ein Fahrrad mieten?",
    content:
      "Wir vermieten Stadträder für 25 £ pro Tag und E-Bikes für 45 £ pro Tag, mit Helm und Schloss. Du brauchst einen Lichtbildausweis und eine Karte für eine Kaution von 200 £.",
  },
  {
    key: "de-book-repair",
    category: "bookings",
    intent: "booking",
    tags: ["termin"],
    keywords: ["buchen", "Termin", "Reparaturtermin", "Werkstatt"],
    examples: ["Wie buche ich einen Reparaturtermin?", "Kann ich online einen Termin buchen?"],
    title: "Wie buche ich eine Reparatur?",
    content:
      "Buche einen Abgabetermin für die Reparatur hier im Chat oder auf unserer Website. Die Termine dauern 15 Minuten und beginnen alle 15 Minuten während der Werkstattzeiten.",
  },
  {
    key: "de-cancel",
    category: "bookings",
    intent: "booking",
    tags: ["termin", "stornieren"],
    keywords: ["stornieren", "absagen", "verschieben", "umbuchen"],
    examples: ["Wie sage ich meinen Termin ab?", "Kann ich meinen Termin verschieben?"],
    title: "Wie storniere oder verschiebe ich einen Termin?",
    content:
      "Bis 24 Stunden vor dem Termin kannst du kostenlos stornieren oder umbuchen, im Chat oder telefonisch. Spätere Absagen eines Bike-Fittings kosten 30 £.",
  },
  {
    key: "de-returns",
    category: "policies",
    intent: "returns",
    tags: ["rückgabe"],
    keywords: ["Rückgabe", "zurückgeben", "umtauschen", "Rückgaberecht"],
    examples: ["Kann ich etwas zurückgeben?", "Wie lange habe ich Rückgaberecht?"],
    title: "Wie ist eure Rückgaberegelung?",
    content:
      "Unbenutzte Artikel kannst du innerhalb von 30 Tagen mit Kaufbeleg zurückgeben und bekommst den vollen Betrag erstattet. Fahrräder innerhalb von 14 Tagen, wenn sie ungefahren und im Originalzustand sind.",
  },
  {
    key: "de-payment",
    category: "payments",
    intent: "payment",
    tags: ["zahlung"],
    keywords: ["bezahlen", "zahlen", "Karte", "Kreditkarte", "bar", "Apple Pay", "Google Pay"],
    examples: ["Kann ich mit Karte zahlen?", "Welche Zahlungsarten nehmt ihr?"],
    title: "Welche Zahlungsmittel akzeptiert ihr?",
    content:
      "Wir nehmen Bargeld, alle gängigen Debit- und Kreditkarten, Apple Pay und Google Pay. Reparaturen werden bei der Abholung bezahlt.",
  },
  {
    key: "de-repair-warranty",
    category: "policies",
    intent: "warranty",
    tags: ["garantie"],
    keywords: ["Garantie", "Gewährleistung", "Reparatur"],
    examples: ["Gibt es Garantie auf Reparaturen?", "Was, wenn das Problem nach der Reparatur wiederkommt?"],
    title: "Gibt es eine Garantie auf Reparaturen?",
    content:
      "Auf alle Werkstattarbeiten geben wir 90 Tage Garantie. Verstellt sich in dieser Zeit etwas, das wir eingestellt haben, richten wir es kostenlos.",
  },
  {
    key: "de-gift-cards",
    category: "products",
    intent: "products",
    tags: ["gutschein"],
    keywords: ["Gutschein", "Geschenkgutschein", "Geschenk"],
    examples: ["Verkauft ihr Gutscheine?", "Wie lange ist ein Gutschein gültig?"],
    title: "Verkauft ihr Gutscheine?",
    content:
      "Gutscheine gibt es im Laden und online von 10 £ bis 500 £. Sie gelten 2 Jahre für Räder, Teile, Zubehör und Werkstattleistungen.",
  },
];

export const faq: FaqEntry[] = [...english, ...german.map((entry) => ({ ...entry, language: "de" as const }))];
