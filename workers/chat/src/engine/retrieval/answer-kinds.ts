/**
 * The kind of fact a question asks for (a price, a time of day, a length of time, a place, a way to
 * get in touch) and the kinds an entry states: classic question answering's expected answer type.
 * "what digits do i dial" shares no word with "Call 0117 496 0321 …", but it asks for what that
 * entry states and the parking entry does not. Both sides are read from text, in English and
 * German: the question by its interrogative phrasing, the entry by what its content contains
 * (a "£65", a "16:30", "2 working days", a street, a phone number).
 */
import { emailPattern, phonePattern } from "../extraction.ts";

export type AnswerKind = "price" | "time" | "duration" | "place" | "contact";

const askedFor: Record<AnswerKind, RegExp> = {
  price:
    /\bhow much\b|\bcosts?\b|\bprices?d?\b|\b(the|you|u|they) charge\b|\bcharges?( for| to)\b|\bfees?\b|[£€$]|\bexpensive\b|\bcheap|\bset me back\b|\bkost|\bpreis|\bwie ?viel\b|\bgebühr|\bteuer\b|\bgünstig/,
  time: /\bwhat time\b|\bwhen\b|\b(until|till|til) when\b|\btoo (late|early)\b|\b(by|at|before|after) \d|\b\d{1,2}([:.]\d{2}|\s?(am|pm))\b|\bwann\b|\buhrzeit\b|\bum wie viel uhr\b|\b\d{1,2} uhr\b/,
  duration:
    /\bhow long\b|\bhow many (days|hours|weeks|minutes|mins)\b|\bhow (quick|quickly|soon|fast)\b|\bwie lange?\b|\bwie schnell\b|\bwie viele (tage|stunden|wochen|minuten)\b/,
  place:
    /\bwhere('?s| is| are| r)\b|\bwhereabouts\b|\baddress\b|\blocated\b|\blocation\b|\b(you|u|ya|shop|store) near\b|\bnear (you|u|ya|yours?|the (shop|store))\b|\bdirections\b|\bpostcode\b|\bwo\b|\badresse\b|\banschrift\b|\bwie komme ich\b|\bin der nähe\b/,
  contact:
    /\bphone (you|u|ya|the|someone|up)\b|\b(by|on the|your|ur) phone\b|\bcall\b|\bring\b|\be-?mail\b|\b(phone|telephone|contact|mobile|your|ur|shop'?s?|workshop'?s?) number\b|\bnumber (for|of|to)\b|\bwhat number\b|\breach\b|\bcontact\b|\bdial\b|\bget hold\b|\b(talk|speak) to\b|\banruf|\btelefon|\berreich|\bnummer\b|\bsprechen\b/,
};

const stated: Record<AnswerKind, RegExp> = {
  price: /[£€$]\s?\d|\d\s?(€|£|eur\b|euro)|\bfree of charge\b|\bkostenlos\b|\bgratis\b/i,
  time: /\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(am|pm)\b|\b\d{1,2}\s?uhr\b/i,
  duration:
    /\b(\d+|one|two|three|four|five|a few|a couple of|same|ein(em|en)?|zwei|drei|vier|fünf|selben)[\s-](working |business |werk)?(days?|hours?|minutes?|mins|weeks?|months?|tagen?|stunden?|minuten?|wochen?|monaten?)\b/i,
  place:
    /\b(street|road|lane|avenue|square|straße|strasse|platz|gasse)\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2}\b|\b\d{5}\b/,
  // A phone number or an email address, as data extraction reads them from a customer's message.
  contact: new RegExp(`${phonePattern.source}|${emailPattern.source}|\\bcall us\\b|\\btelefon`, "i"),
};

const kinds = Object.keys(askedFor) as AnswerKind[];

/** The kinds of fact a question asks for (usually none or one). */
export const kindsAskedFor = (question: string): AnswerKind[] =>
  kinds.filter((kind) => askedFor[kind].test(question.toLowerCase()));

/** Whether an entry's content states a fact of one of the kinds asked for. */
export const statesAnyOf = (content: string, asked: AnswerKind[]): boolean =>
  asked.some((kind) => stated[kind].test(content));
