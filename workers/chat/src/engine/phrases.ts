import type { EscalationCategory } from "../conversation/escalation-phrase.ts";

/** The built-in responder's own sentences, in the languages it speaks. */
export interface Phrases {
  handoverRequested: (hello: string, organization: string) => string;
  cannotAnswer: (organization: string) => string;
  /** A message an escalation rule sends to a person at once, by what it is about. */
  escalated: (hello: string, organization: string, category: EscalationCategory) => string;
  /** The same handover, said after a ticket's own apology. */
  priorityHandover: (organization: string) => string;
  /** Said before an answer the knowledge base has only in another language. */
  onlyIn: (language: string) => string;
  sorry: string;
  canBook: string;
  thanksIntro: string;
  askFor: (fields: string) => string;
  bookingNoted: (hello: string, summary: string, email: string | undefined) => string;
  /** A stage's data is complete and there is nothing to book: what was noted. */
  noted: (hello: string, summary: string) => string;
  /** An answer its field's type refused ("that doesn't look like an email address"). */
  checkField: (fields: string) => string;
  welcome: (hello: string) => string;
  goodbye: (organization: string) => string;
  greeting: (hello: string, assistant: string, organization: string) => string;
  clarify: string;
  /** Entries that may answer a question the responder is unsure of, numbered so a text channel can reply "2". */
  didYouMean: (titles: string[]) => string;
  and: string;
  /** How to reach the business, from its profile: "by phone on …", "at …", "online at …". */
  contact: (organization: string, ways: { phone?: string; address?: string; website?: string }) => string;
}

const numbered = (titles: string[]) => titles.map((title, index) => `${index + 1}. ${title}`).join("\n");

const englishOpening: Record<EscalationCategory, (hello: string) => string> = {
  safety: (hello) => `I'm so sorry${hello}, I hope everyone is all right.`,
  legal: (hello) => `Thank you for telling us${hello}.`,
  billing: (hello) => `I'm sorry about that${hello}; a person needs to check your payment.`,
  complaint: (hello) => `I'm sorry about that${hello}.`,
  urgent: (hello) => `Understood${hello}.`,
  sentiment: (hello) => `I'm really sorry${hello}.`,
  person: (hello) => `Of course${hello}.`,
};

const germanOpening: Record<EscalationCategory, (hello: string) => string> = {
  safety: (hello) => `Das tut mir sehr leid${hello}, ich hoffe, es geht allen gut.`,
  legal: (hello) => `Danke, dass du uns das mitteilst${hello}.`,
  billing: (hello) => `Das tut mir leid${hello}; deine Zahlung muss sich jemand aus dem Team ansehen.`,
  complaint: (hello) => `Das tut mir leid${hello}.`,
  urgent: (hello) => `Verstanden${hello}.`,
  sentiment: (hello) => `Das tut mir wirklich leid${hello}.`,
  person: (hello) => `Gern${hello}.`,
};

const english: Phrases = {
  handoverRequested: (hello, organization) =>
    `Of course${hello}. I'm passing you to a member of the ${organization} team now; they will reply here shortly.`,
  cannotAnswer: (organization) =>
    `I'm not certain I can answer that correctly, so I'm passing you to a member of the ${organization} team; they will reply here shortly.`,
  escalated: (hello, organization, category) =>
    `${englishOpening[category](hello)} ${english.priorityHandover(organization)}`,
  priorityHandover: (organization) =>
    `I'm passing this to a member of the ${organization} team now, as a priority; they will reply here shortly.`,
  onlyIn: (language) => `I only have this answer in ${language}:`,
  sorry: "I'm sorry about that. ",
  canBook: "I can book that in for you. ",
  thanksIntro: "Thanks! ",
  askFor: (fields) => `Could you tell me your ${fields}?`,
  bookingNoted: (hello, summary, email) =>
    `Thank you${hello}, I have everything I need (${summary}). A member of the team will confirm your booking${email ? ` by email to ${email}` : ""}.`,
  noted: (hello, summary) =>
    `Thank you${hello}, I've noted everything (${summary}). A member of the team will follow up.`,
  checkField: (fields) => `Sorry, that doesn't look like a valid ${fields}. Could you check it and send it again?`,
  welcome: (hello) => `You're welcome${hello}! Is there anything else I can help with?`,
  goodbye: (organization) => `Thanks for chatting with ${organization}. Have a great day!`,
  greeting: (hello, assistant, organization) =>
    `Hi${hello}! I'm ${assistant} from ${organization}. How can I help you today?`,
  clarify: "Could you tell me a little more about what you need, so I can help?",
  didYouMean: (titles) =>
    titles.length === 1
      ? `I'm not sure I understood. Is your question about "${titles[0]}"? Reply "yes", or "no" and I'll pass you to a person.`
      : `I'm not sure I understood. Is your question about one of these?\n${numbered(titles)}\nReply with its number, or "none" and I'll pass you to a person.`,
  and: "and",
  contact: (organization, { phone, address, website }) =>
    `You can reach ${organization}${[
      phone && ` by phone on ${phone}`,
      address && ` at ${address}`,
      website && ` online at ${website}`,
    ]
      .filter(Boolean)
      .join(",")}.`,
};

const german: Phrases = {
  handoverRequested: (hello, organization) =>
    `Gern${hello}. Ich verbinde dich jetzt mit jemandem aus dem Team von ${organization}; du bekommst hier gleich eine Antwort.`,
  cannotAnswer: (organization) =>
    `Da bin ich mir nicht sicher genug, deshalb gebe ich dich an jemanden aus dem Team von ${organization} weiter; du bekommst hier gleich eine Antwort.`,
  escalated: (hello, organization, category) =>
    `${germanOpening[category](hello)} ${german.priorityHandover(organization)}`,
  priorityHandover: (organization) =>
    `Ich gebe das jetzt mit Vorrang an jemanden aus dem Team von ${organization} weiter; du bekommst hier gleich eine Antwort.`,
  onlyIn: (language) => `Diese Antwort habe ich leider nur auf ${language}:`,
  sorry: "Das tut mir leid. ",
  canBook: "Das kann ich gern für dich buchen. ",
  thanksIntro: "Danke! ",
  askFor: (fields) => `Kannst du mir noch Folgendes sagen: ${fields}?`,
  bookingNoted: (hello, summary, email) =>
    `Danke${hello}, ich habe alles, was ich brauche (${summary}). Jemand aus dem Team bestätigt deine Buchung${email ? ` per E-Mail an ${email}` : ""}.`,
  noted: (hello, summary) =>
    `Danke${hello}, ich habe alles notiert (${summary}). Jemand aus dem Team meldet sich bei dir.`,
  checkField: (fields) =>
    `Das sieht leider nicht nach einer gültigen Angabe für ${fields} aus. Kannst du es noch einmal prüfen?`,
  welcome: (hello) => `Gern geschehen${hello}! Kann ich sonst noch helfen?`,
  goodbye: (organization) => `Danke für deine Nachricht an ${organization}. Einen schönen Tag noch!`,
  greeting: (hello, assistant, organization) =>
    `Hallo${hello}! Ich bin ${assistant} von ${organization}. Wie kann ich helfen?`,
  clarify: "Kannst du mir etwas genauer sagen, worum es geht, damit ich helfen kann?",
  didYouMean: (titles) =>
    titles.length === 1
      ? `Ich bin nicht sicher, ob ich dich richtig verstehe. Geht es um „${titles[0]}“? Antworte mit „ja“, oder mit „nein“, dann verbinde ich dich mit jemandem aus dem Team.`
      : `Ich bin nicht sicher, ob ich dich richtig verstehe. Geht es um eines davon?\n${numbered(titles)}\nAntworte mit der Nummer, oder mit „keins“, dann verbinde ich dich mit jemandem aus dem Team.`,
  and: "und",
  contact: (organization, { phone, address, website }) =>
    `Du erreichst ${organization}${[
      phone && ` telefonisch unter ${phone}`,
      address && ` in ${address}`,
      website && ` online unter ${website}`,
    ]
      .filter(Boolean)
      .join(",")}.`,
};

const byLanguage: Record<string, Phrases> = { en: english, de: german };

/** The language the built-in responder writes in for a customer: theirs when it speaks it, else English. */
export const replyLanguage = (language: string | null) => (language && byLanguage[language] ? language : "en");

export const phrasesFor = (language: string | null): Phrases => byLanguage[replyLanguage(language)] ?? english;

/** A language's name in another language ("Englisch" for en in de), from the runtime's Intl data. */
export function languageName(language: string, inLanguage: string): string {
  return new Intl.DisplayNames([inLanguage], { type: "language" }).of(language) ?? language;
}
