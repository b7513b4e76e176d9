/** The demo business's knowledge base: Northwind Cycles, a bicycle shop and repair workshop. */
export interface FaqEntry {
  category: string;
  title: string;
  content: string;
  tags: string[];
  intent: string;
}

export const faq: FaqEntry[] = [
  // Hours and location
  {
    category: "hours",
    intent: "opening_hours",
    tags: ["hours"],
    title: "What are your opening hours?",
    content:
      "The shop is open Monday to Friday from 9:00 to 18:00 and Saturday from 10:00 to 16:00. We are closed on Sundays and on public holidays.",
  },
  {
    category: "hours",
    intent: "opening_hours",
    tags: ["hours", "holidays"],
    title: "Are you open on public holidays?",
    content:
      "No. We close on all UK bank holidays. Online chat stays available and bookings made for a holiday are moved to the next opening day with your agreement.",
  },
  {
    category: "hours",
    intent: "opening_hours",
    tags: ["hours", "workshop"],
    title: "When does the workshop take drop-offs?",
    content:
      "Repair drop-offs are accepted from opening time until 16:30 on weekdays and until 14:00 on Saturdays, so the mechanics can assess your bike the same day.",
  },
  {
    category: "location",
    intent: "location",
    tags: ["address", "directions"],
    title: "Where is the shop?",
    content: "Northwind Cycles is at 14 Harbour Lane, Bristol BS1 4RN, two minutes from the Harbourside ferry stop.",
  },
  {
    category: "location",
    intent: "location",
    tags: ["parking"],
    title: "Is there parking?",
    content:
      "There is a free 30-minute loading bay in front of the shop for drop-offs and collections, and a public car park on Anchor Road.",
  },
  {
    category: "location",
    intent: "contact",
    tags: ["phone", "email"],
    title: "How can I contact you?",
    content:
      "Call 0117 496 0321 during opening hours, email hello@northwindcycles.example, or write to us here in the chat at any time.",
  },
  // Repairs and prices
  {
    category: "pricing",
    intent: "pricing",
    tags: ["service", "price"],
    title: "How much is a basic service?",
    content:
      "The Essential Service costs £65: gears and brakes adjusted, drivetrain cleaned and lubricated, wheels trued, bolts checked to torque. Parts are extra.",
  },
  {
    category: "pricing",
    intent: "pricing",
    tags: ["service", "price"],
    title: "What does a full service cost?",
    content:
      "The Full Service costs £140 and includes everything in the Essential Service plus a full strip-down, deep clean, bearing service and new cables and housing.",
  },
  {
    category: "pricing",
    intent: "pricing",
    tags: ["puncture", "price"],
    title: "How much is a puncture repair?",
    content:
      "A puncture repair is £15 per wheel including a new inner tube. Tubeless sealant top-ups are £12. Most punctures are fixed while you wait in about 20 minutes.",
  },
  {
    category: "pricing",
    intent: "pricing",
    tags: ["ebike", "price"],
    title: "Do you service e-bikes, and what does it cost?",
    content:
      "Yes. The E-bike Service costs £95 and adds a motor and battery health check and a firmware update for Bosch, Shimano Steps and Yamaha systems.",
  },
  {
    category: "pricing",
    intent: "pricing",
    tags: ["brakes", "price"],
    title: "How much is a hydraulic brake bleed?",
    content: "Bleeding one hydraulic brake costs £30, or £50 for both. Brake pads are extra, from £18 per pair fitted.",
  },
  {
    category: "pricing",
    intent: "pricing",
    tags: ["quote"],
    title: "Do you give quotes before repairing?",
    content:
      "Always. The mechanic assesses your bike at drop-off and we send you a written quote by text or email. No work over £20 beyond the quote is done without your approval.",
  },
  {
    category: "services",
    intent: "services",
    tags: ["repair", "turnaround"],
    title: "How long does a repair take?",
    content:
      "Most services are ready within 2 working days. Simple repairs are often done the same day. If parts must be ordered, we tell you the expected date when we quote.",
  },
  {
    category: "services",
    intent: "services",
    tags: ["fitting"],
    title: "Do you offer bike fitting?",
    content:
      "Yes. A professional bike fit takes 60 minutes and costs £120, including saddle height and setback, cleat alignment and handlebar reach. It must be booked in advance.",
  },
  {
    category: "services",
    intent: "services",
    tags: ["rental"],
    title: "Can I rent a bike?",
    content:
      "We rent city bikes at £25 per day and e-bikes at £45 per day, with helmet and lock included. A photo ID and a card for a £200 deposit hold are required.",
  },
  {
    category: "services",
    intent: "services",
    tags: ["collection", "delivery"],
    title: "Do you collect and deliver bikes?",
    content:
      "Within 5 miles of the shop we collect and return your bike for £20 each way. Book collection at least one working day ahead.",
  },
  // Bookings
  {
    category: "bookings",
    intent: "booking",
    tags: ["booking"],
    title: "How do I book a repair?",
    content:
      "Book a repair drop-off slot here in the chat or on our website. Drop-off slots are 15 minutes long and run every 15 minutes during workshop hours.",
  },
  {
    category: "bookings",
    intent: "booking",
    tags: ["booking", "walk-in"],
    title: "Do I need an appointment?",
    content:
      "Appointments are recommended for services and required for bike fittings. Walk-ins are welcome for punctures and small adjustments, subject to availability.",
  },
  {
    category: "bookings",
    intent: "booking",
    tags: ["booking", "cancel"],
    title: "How do I cancel or move a booking?",
    content:
      "You can cancel or reschedule free of charge up to 24 hours before your slot, in the chat or by phone. Later cancellations of a bike fitting cost £30.",
  },
  {
    category: "bookings",
    intent: "booking",
    tags: ["booking", "lead time"],
    title: "How far ahead can I book?",
    content: "Bookings open 8 weeks ahead. Same-day slots can be booked until 2 hours before the slot starts.",
  },
  {
    category: "bookings",
    intent: "booking",
    tags: ["booking", "late"],
    title: "What if I am late for my slot?",
    content:
      "We hold a drop-off slot for 15 minutes and a bike fitting for 20 minutes. After that we may need to move you to the next free slot.",
  },
  // Policies
  {
    category: "policies",
    intent: "returns",
    tags: ["returns", "refund"],
    title: "What is your returns policy?",
    content:
      "Unused items can be returned within 30 days with proof of purchase for a full refund. Bikes can be returned within 14 days if unridden and in their original condition.",
  },
  {
    category: "policies",
    intent: "returns",
    tags: ["refund"],
    title: "How long do refunds take?",
    content:
      "Refunds are issued to the original payment method within 5 working days of us receiving the returned item.",
  },
  {
    category: "policies",
    intent: "warranty",
    tags: ["warranty"],
    title: "Is there a warranty on repairs?",
    content:
      "All workshop labour is guaranteed for 90 days. If something we adjusted slips out of adjustment in that time, we fix it free of charge.",
  },
  {
    category: "policies",
    intent: "warranty",
    tags: ["warranty", "bikes"],
    title: "What warranty do new bikes have?",
    content:
      "New bikes carry the manufacturer's frame warranty (usually lifetime for the original owner) and 2 years on components. We handle warranty claims for bikes bought here.",
  },
  {
    category: "policies",
    intent: "storage",
    tags: ["collection", "storage"],
    title: "How long can you keep my bike after a repair?",
    content:
      "Please collect within 7 days of our ready message. After that a storage fee of £5 per day applies, and after 90 days uncollected bikes may be sold to recover costs.",
  },
  {
    category: "policies",
    intent: "privacy",
    tags: ["privacy", "data"],
    title: "What do you do with my personal data?",
    content:
      "We use your contact details only to manage your repairs, bookings and orders. We never sell your data, and you can ask us to delete it at any time.",
  },
  // Payments and products
  {
    category: "payments",
    intent: "payment",
    tags: ["payment"],
    title: "Which payment methods do you accept?",
    content:
      "We accept cash, all major debit and credit cards, Apple Pay and Google Pay. Repairs are paid on collection.",
  },
  {
    category: "payments",
    intent: "payment",
    tags: ["finance", "cycle to work"],
    title: "Do you accept Cycle to Work schemes?",
    content:
      "Yes, we accept Cyclescheme, Cycle Solutions and Green Commute Initiative vouchers for bikes and accessories.",
  },
  {
    category: "payments",
    intent: "payment",
    tags: ["finance"],
    title: "Can I pay for a bike in instalments?",
    content:
      "Bikes over £500 can be paid over 12 months at 0% APR with our finance partner, subject to status. Ask in store or in the chat to start an application.",
  },
  {
    category: "products",
    intent: "products",
    tags: ["stock"],
    title: "Can you order a bike or part that is not in stock?",
    content:
      "Yes. Most parts arrive within 2 to 4 working days. For bikes we check distributor stock and give you a delivery date before you pay a deposit.",
  },
  {
    category: "products",
    intent: "products",
    tags: ["trade-in"],
    title: "Do you take trade-ins?",
    content:
      "We take quality road, gravel and mountain bikes in part exchange towards a new bike. Bring the bike in for a free valuation; trade-in values are valid for 14 days.",
  },
  {
    category: "products",
    intent: "products",
    tags: ["gift card"],
    title: "Do you sell gift cards?",
    content:
      "Gift cards are available in store and online from £10 to £500. They are valid for 2 years on bikes, parts, accessories and workshop services.",
  },
];
