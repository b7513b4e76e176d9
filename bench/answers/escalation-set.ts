// Messages that must reach a person at once, each with the category its handover should record
// (escalation rules, migrations/0022_escalation_rules.sql). The development part holds the
// examples of issue 35, the wordings the default lexicons were written from and each held-out part
// once it has been run; a held-out part is run once, as a closing note's figure, then moves here.
// The answerable questions of dev-set.ts and held-out-set.ts are the other side: a rule that fires
// on them costs top-1.
export type EscalationCategory = "urgent" | "complaint" | "safety" | "billing" | "legal" | "person" | "sentiment";
export type EscalationCase = [message: string, category: EscalationCategory];

export const escalationDevSet: EscalationCase[] = [
  ["My order #88812 never arrived, where is it?", "complaint"],
  ["I was charged twice on my card yesterday, please fix it", "billing"],
  ["My child fell off the bike you sold us and broke her arm, I want to speak to the manager", "safety"],
  ["I want to speak to the manager", "person"],
  ["can I talk to a real person please", "person"],
  ["this is the third time I've asked, absolutely useless service", "sentiment"],
  ["I'm going to take you to court over this", "legal"],
  ["my solicitor will be in touch", "legal"],
  ["you took money from my account without asking", "billing"],
  ["the brakes failed after your service and I crashed", "safety"],
  ["I need this sorted today, it's urgent", "urgent"],
  ["I want to make a formal complaint", "complaint"],
  ["meine bestellung ist nie angekommen", "complaint"],
  ["ihr habt mir den betrag doppelt abgebucht", "billing"],
  ["ich will sofort mit dem chef sprechen", "person"],
  ["mein sohn ist mit dem rad gestürzt, die gabel ist gebrochen", "safety"],
  ["ich schalte meinen anwalt ein", "legal"],
  ["das ist eine frechheit, ich bin stinksauer", "sentiment"],
  ["es ist dringend, bitte sofort melden", "urgent"],
  // The first held-out part, run once at stop 39 (18 of 20 handed over), then moved here.
  ["the parcel with my helmet is lost, tracking hasn't moved for two weeks", "complaint"],
  ["where is my refund? it's been a month and nothing", "complaint"],
  ["there's a payment on my statement I don't recognise from you", "billing"],
  ["you overcharged me for the service, the invoice says £120 not £65", "billing"],
  ["the handlebars came loose while riding and I hurt my wrist", "safety"],
  ["smoke came out of the e-bike battery while it was charging", "safety"],
  ["I'll be reporting you to trading standards", "legal"],
  ["I'm considering legal action", "legal"],
  ["get me someone from customer service please", "person"],
  ["I'd like to speak with a human", "person"],
  ["I am furious, nobody answers my emails", "sentiment"],
  ["worst shop ever, never again", "sentiment"],
  ["please call me back asap, it's an emergency", "urgent"],
  ["ich wurde zweimal belastet", "billing"],
  ["das paket ist verloren gegangen", "complaint"],
  ["der akku hat gebrannt", "safety"],
  ["ich werde rechtliche schritte einleiten", "legal"],
  ["kann ich bitte mit einem menschen reden", "person"],
  ["ich bin total verärgert über euren service", "sentiment"],
  ["bitte dringend zurückrufen", "urgent"],
];

// The second held-out part, written at stop 39 after the first was run and before any tuning on it.
export const escalationHeldOut: EscalationCase[] = [
  ["my bike was delivered with a cracked frame and nobody has replied to me", "complaint"],
  ["the repair you did last week didn't fix anything and I want my money back", "complaint"],
  ["why have I been billed for a subscription I never signed up for", "billing"],
  ["the card machine took the payment but you say I still owe it", "billing"],
  ["my wife was hurt when the pedal snapped off", "safety"],
  ["the e-bike caught fire in our hallway", "safety"],
  ["my lawyer says you are liable for this", "legal"],
  ["I will sue if this is not resolved", "legal"],
  ["put me through to a member of staff", "person"],
  ["stop the bot, I need an actual human being", "person"],
  ["this is a disgrace, I am absolutely livid", "sentiment"],
  ["you people are a joke, totally incompetent", "sentiment"],
  ["I need help right now, it can't wait", "urgent"],
  ["die rechnung ist falsch, ihr habt zu viel berechnet", "billing"],
  ["meine reparatur ist immer noch nicht fertig, ich will mich beschweren", "complaint"],
  ["mein kind hat sich an der kette verletzt", "safety"],
  ["ich zeige euch an", "legal"],
  ["ich möchte bitte mit einem mitarbeiter sprechen", "person"],
  ["ich bin wirklich wütend, keiner meldet sich", "sentiment"],
  ["das ist ein notfall, bitte sofort hilfe", "urgent"],
];
